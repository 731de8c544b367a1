import { MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { EntryKey, EntryRange } from '../store/results-read-store';

/**
 * What the threads reading one experiment's decisions share, sent to a
 * worker with its job (the port transferred, the counters not copied):
 * `counters[0]` is the next stretch to claim (Atomics.add hands each index
 * out once); `counters[1]` is twice the number of keys published so far,
 * plus one once the walk has ended (one word, so that a reader waiting for
 * it to change misses neither a key nor the end); the keys themselves come
 * in order through `keys`.
 */
export interface SharedStretches {
  counters: Int32Array;
  keys: MessagePort;
}

/** A stretch's place in entry order, or null when the walk has ended with fewer stretches than that. */
export type StretchAt = (index: number) => EntryRange | null;

/** The stretch `index` of entry order cut at `keys` (open at the start and, for the last, at the end). */
const stretchBetween = (keys: readonly EntryKey[], index: number): EntryRange => ({
  ...(index > 0 ? { from: keys[index - 1]! } : {}),
  ...(index < keys.length ? { before: keys[index]! } : {}),
});

/**
 * The board on which the thread that walks the entry-order index publishes
 * each stretch key as it finds it, so that another thread (a kept worker,
 * ready at once) can claim and read the first stretches while the walk goes
 * on, rather than wait for the whole walk. `publish` adds the next key (in
 * entry order); `end` says there are no more; `abandon` (a walk that
 * failed) also stops the claims, so that no reader waits for ever; `shared`
 * goes to the other
 * thread (readStretchBoard there); `stretches` are all of them once ended;
 * `close` lets the port go once every reader has answered.
 *
 * @example
 * const board = stretchBoard();
 * worker.postMessage({ kind: 'read', definition, stretches: board.shared }, [board.shared.keys]);
 * board.publish(firstKey); board.publish(secondKey); board.end();
 * board.stretches(); // => [{ before: firstKey }, { from: firstKey, before: secondKey }, { from: secondKey }]
 */
export function stretchBoard() {
  const { port1, port2 } = new MessageChannel();
  const counters = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
  const keys: EntryKey[] = [];
  let ended = false;
  const announce = () => {
    Atomics.store(counters, 1, 2 * keys.length + (ended ? 1 : 0));
    Atomics.notify(counters, 1);
  };
  return {
    shared: { counters, keys: port2 } satisfies SharedStretches,
    publish(key: EntryKey): void {
      if (ended) throw new Error('the stretch walk has ended: no key can follow');
      keys.push(key);
      // Posted before it is announced: a reader that sees the count finds the key on its port.
      port1.postMessage(key);
      announce();
    },
    end(): void {
      if (ended) return;
      ended = true;
      announce();
    },
    /** Ends a walk that failed: no stretch is handed out any more, so a reader finishes the one it has and answers. */
    abandon(): void {
      Atomics.store(counters, 0, 0x3fffffff);
      this.end();
    },
    /** Every stretch, once the walk has ended: keys.length + 1 of them. */
    stretches(): EntryRange[] {
      if (!ended) throw new Error('the stretches are known once the walk has ended');
      return Array.from({ length: keys.length + 1 }, (_unused, index) => stretchBetween(keys, index));
    },
    close(): void {
      port1.close();
    },
  };
}

/**
 * The reading side of a stretchBoard, on another thread: `stretchAt(index)`
 * gives the stretch once its end key is published (or the walk has ended),
 * blocking this thread until then (Atomics.wait: for worker threads only),
 * and null past the last stretch.
 *
 * @example
 * const stretchAt = readStretchBoard(job.stretches);
 * stretchAt(0); // => { before: firstKey }, as soon as the walk has found it
 */
export function readStretchBoard({ counters, keys: port }: SharedStretches): StretchAt {
  const keys: EntryKey[] = [];
  return (index) => {
    for (;;) {
      const state = Atomics.load(counters, 1);
      const published = state >> 1;
      while (keys.length < published) keys.push(receiveMessageOnPort(port)!.message as EntryKey);
      if (index < keys.length) return stretchBetween(keys, index);
      if (state & 1) return index === keys.length ? stretchBetween(keys, index) : null;
      Atomics.wait(counters, 1, state);
    }
  };
}

/**
 * The claim counter of a board: the next stretch index for whichever thread
 * asks first.
 *
 * @example
 * claimNextStretch(board.shared.counters); // => 0, then 1, …
 */
export function claimNextStretch(counters: Int32Array): number {
  return Atomics.add(counters, 0, 1);
}
