// The image files of a folder in the order a person expects (frame2 before
// frame10), so a replay follows the capture order of numbered files.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { hasImageExtension } from '../images/image-format.js';

const natural = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Sorts names naturally (numbers by value, case-insensitively), with a plain comparison breaking ties so the order is total. */
export function naturalCompare(a: string, b: string): number {
  return natural.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Full paths of the files in `folder` with an image extension, naturally sorted. Throws what readdir throws. */
export function listImageFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => hasImageExtension(entry.name))
    .filter((entry) => entry.isFile() || (entry.isSymbolicLink() && isFileTarget(join(folder, entry.name))))
    .map((entry) => entry.name)
    .sort(naturalCompare)
    .map((name) => join(folder, name));
}

function isFileTarget(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false; // a dangling link is not an image
  }
}
