import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

const MARKER = join('templates', 'web', 'layouts', 'main.hbs');

/**
 * templates/web, found by walking up from this file: the same code runs from the sources
 * (apps/api/src/web) and compiled (dist/apps/api/src/web), at different depths, and the
 * templates are read from the repository rather than copied into dist/.
 */
export function webTemplatesDir(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, MARKER))) return join(dir, 'templates', 'web');
    if (dirname(dir) === dir) throw new Error(`${MARKER} not found in ${from} or any parent folder`);
  }
}
