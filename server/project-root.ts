import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The nearest folder at or above `start` that holds a package.json. The
 * server runs from its sources (server/) in tests and compiled (dist/server/)
 * with `npm start`, so folders beside the code, such as views/, are found from
 * the project root rather than by a fixed number of `..`.
 *
 * @example
 * findProjectRoot('/srv/nudgelab/dist/server'); // => '/srv/nudgelab'
 * @throws Error when no folder above `start` has a package.json.
 */
export function findProjectRoot(start: string): string {
  for (let folder = start; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json'))) return folder;
    if (dirname(folder) === folder) throw new Error(`no package.json at or above ${start}`);
  }
}

/** The root of this nudgelab installation (where package.json, views/ and experiments/ are). */
export const projectRoot = findProjectRoot(dirname(fileURLToPath(import.meta.url)));
