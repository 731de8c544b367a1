import { createHash } from 'node:crypto';

/**
 * The items in an order that looks random but is fixed by `seed`: the same
 * seed always gives the same order (so a returning participant sees the same
 * screen), different seeds give independent orders. Fisher–Yates driven by
 * SHA-256 of the seed.
 *
 * @example
 * seededShuffle(['fixed', 'revolving'], 'credit-choice:p1'); // => ['revolving', 'fixed'] (say), every time
 */
export function seededShuffle<T>(items: readonly T[], seed: string): T[] {
  const shuffled = [...items];
  let block = createHash('sha256').update(seed).digest();
  let offset = 0;
  const nextUnit = (): number => {
    if (offset + 4 > block.length) {
      block = createHash('sha256').update(block).digest();
      offset = 0;
    }
    const value = block.readUInt32BE(offset) / 2 ** 32;
    offset += 4;
    return value;
  };
  for (let index = shuffled.length - 1; index > 0; index -= 1) {
    const other = Math.floor(nextUnit() * (index + 1));
    [shuffled[index], shuffled[other]] = [shuffled[other]!, shuffled[index]!];
  }
  return shuffled;
}
