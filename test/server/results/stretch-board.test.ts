import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { EntryRange } from '../../../server/store/results-read-store';
import { claimNextStretch, readStretchBoard, stretchBoard } from '../../../server/results/stretch-board';

const root = new URL('../../..', import.meta.url).pathname;
const key = (n: number) => ({ enteredAt: `2026-11-0${n}T09:00:00.000Z`, participantId: `p${n}` });

describe('stretchBoard', () => {
  it('cuts entry order at the published keys: open at the start and at the end, each key the end of one stretch and the start of the next', () => {
    const board = stretchBoard();
    board.publish(key(1));
    board.publish(key(2));
    expect(() => board.stretches()).toThrow(/once the walk has ended/);
    board.end();
    expect(board.stretches()).toEqual([{ before: key(1) }, { from: key(1), before: key(2) }, { from: key(2) }]);
    expect(() => board.publish(key(3))).toThrow(/has ended/);
    board.close();
  });

  it('gives one stretch, everything, when the walk found no key', () => {
    const board = stretchBoard();
    board.end();
    expect(board.stretches()).toEqual([{}]);
    const stretchAt = readStretchBoard(board.shared);
    expect([stretchAt(0), stretchAt(1)]).toEqual([{}, null]);
    board.close();
  });

  it('hands each stretch index out once, whichever thread claims', () => {
    const board = stretchBoard();
    const claimed = Array.from({ length: 5 }, () => claimNextStretch(board.shared.counters));
    expect(claimed).toEqual([0, 1, 2, 3, 4]);
    board.close();
  });
});

describe('stretchBoard across threads', () => {
  // The reader runs the compiled module (vitest's global set-up brings dist/ up to date), as the server's worker does.
  it('lets another thread read each stretch as soon as its end key is published, before the walk has ended', async () => {
    const board = stretchBoard();
    const reader = new Worker(
      `
      const { parentPort, workerData } = require('node:worker_threads');
      import(${JSON.stringify(join(root, 'dist/server/results/stretch-board.js'))}).then(({ readStretchBoard }) => {
        const stretchAt = readStretchBoard(workerData);
        for (let index = 0; ; index++) {
          const stretch = stretchAt(index);
          parentPort.postMessage({ index, stretch });
          if (stretch === null) break;
        }
      });`,
      { eval: true, workerData: board.shared, transferList: [board.shared.keys] },
    );
    const got: { index: number; stretch: EntryRange | null }[] = [];
    let onMessage: () => void = () => {};
    reader.on('message', (message: { index: number; stretch: EntryRange | null }) => {
      got.push(message);
      onMessage();
    });
    const until = (count: number) => new Promise<void>((resolve) => (onMessage = () => got.length >= count && resolve()));
    try {
      // Each stretch reaches the reader while the walk is still going on: were it to wait for the end, these would never resolve.
      const first = until(1);
      board.publish(key(1));
      await first;
      expect(got).toEqual([{ index: 0, stretch: { before: key(1) } }]);
      const second = until(2);
      board.publish(key(2));
      await second;
      expect(got[1]).toEqual({ index: 1, stretch: { from: key(1), before: key(2) } });
      const rest = until(4);
      board.end();
      await rest;
      expect(got.slice(2)).toEqual([
        { index: 2, stretch: { from: key(2) } },
        { index: 3, stretch: null },
      ]);
    } finally {
      await reader.terminate();
      board.close();
    }
  });
});
