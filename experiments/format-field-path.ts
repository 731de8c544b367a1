/**
 * A validation issue's path as people write it: `arms[1].params.amountInput.value`,
 * optionally under a prefix such as `events`.
 *
 * @example
 * formatFieldPath(['arms', 1, 'weight']); // => 'arms[1].weight'
 * formatFieldPath([3, 'value'], 'events'); // => 'events[3].value'
 */
export function formatFieldPath(path: readonly PropertyKey[], prefix = ''): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${String(part)}` : String(part)), prefix);
}
