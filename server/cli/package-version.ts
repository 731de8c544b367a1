import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../project-root';

/**
 * The version in package.json, as `nudgelab --version` prints it.
 *
 * @example
 * packageVersion(); // => '0.1.0'
 */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
}
