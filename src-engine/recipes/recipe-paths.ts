// Where recipes live on disk.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * resources/recipes/default.json in the repository. Found by walking up from
 * this module to the first folder holding package.json, so it resolves the
 * same from src-engine/recipes (tsx, tests) and from a bundle under out/.
 */
export function defaultRecipePath(): string {
  return join(repoRoot(), 'resources', 'recipes', 'default.json');
}

function repoRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  let dir = here;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) return join(here, '..', '..'); // no package.json above: assume the source layout
    dir = up;
  }
}
