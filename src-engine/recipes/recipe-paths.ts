// Where recipes live on disk.
import { join } from 'node:path';
import { repoRoot } from '../repo-root.js';

/** resources/recipes/default.json in the installed workstation. */
export function defaultRecipePath(): string {
  return join(repoRoot(), 'resources', 'recipes', 'default.json');
}
