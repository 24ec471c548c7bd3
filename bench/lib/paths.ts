// Where the benchmark reads and writes. Everything generated stays in the repo's
// gitignored bench/.cache; the reference implementations live in shared/ beside
// the repo (the same layout CI clones into).
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
export const CACHE_DIR = join(REPO_ROOT, 'bench', '.cache');
export const REFERENCE_DIR = resolve(REPO_ROOT, '..', 'shared', 'reference');
