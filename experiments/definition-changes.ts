/**
 * The paths at which two experiment definitions differ, e.g.
 * `arms[1].params.amountInput.value`: what the dashboard shows when a file
 * changed after its experiment started.
 *
 * @example
 * definitionChanges({ a: 1, b: [1, 2] }, { a: 1, b: [1, 3], c: true }); // => ['b[1]', 'c']
 */
export function definitionChanges(before: unknown, after: unknown, path = ''): string[] {
  if (before === after) return [];
  const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object';
  if (!isObject(before) || !isObject(after) || Array.isArray(before) !== Array.isArray(after)) return [path || '(whole definition)'];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].flatMap((key) => {
    const childPath = Array.isArray(before) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    return definitionChanges(before[key], after[key], childPath);
  });
}
