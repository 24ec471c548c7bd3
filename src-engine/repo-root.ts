// Where the installed workstation's own files are (resources/, native/).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding package.json, found by walking up from this module, so
 * it resolves the same from src-engine (tsx, tests) and from a bundle under out/.
 */
export function repoRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  let dir = here;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) return join(here, '..'); // no package.json above: assume the source layout
    dir = up;
  }
}
