// Where the workplace's shared material lives: beside the repository (in CI the
// repo is cloned elsewhere with shared/ copied next to it). Tests that need it
// fail loudly when it is missing rather than skipping, since a skipped accuracy
// test proves nothing.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SHARED_DIR = resolve(REPO_ROOT, '..', 'shared');
export const REAL_IMAGES_DIR = resolve(SHARED_DIR, 'data', 'real');

export function requireRealImagesDir(): string {
  if (!existsSync(REAL_IMAGES_DIR)) throw new Error(`the real test images are missing: expected them in ${REAL_IMAGES_DIR}`);
  return REAL_IMAGES_DIR;
}
