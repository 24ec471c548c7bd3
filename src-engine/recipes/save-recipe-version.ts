// Saving never edits a recipe in place: each save writes a new file
// `<name>.v<version>.json`, so every result in the store can be traced to the
// exact bands it was judged by, and an edit can always be undone.
//
// Atomicity: the JSON goes to a temp file in the same folder, is fsynced, then
// hard-linked to its final name. link() fails with EEXIST instead of replacing
// an existing file (rename() would silently overwrite a version another
// process saved a moment earlier), and a reader sees either no file or the
// whole file. On file systems without hard links (FAT, some network shares)
// it falls back to an exists-check + rename. The folder is fsynced last so the
// new name survives a power cut.
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readdirSync, renameSync, existsSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Recipe } from '../../src-shared/recipe.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import { parseRecipe } from './parse-recipe.js';
import { syncDirectory } from '../files/write-file-atomic.js';

/** File-name-safe form of a recipe name ("Washer line 2" → "washer-line-2"). */
export function recipeSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
  return slug || 'recipe';
}

export function recipeFileName(name: string, version: number): string {
  return `${recipeSlug(name)}.v${version}.json`;
}

/** Versions of `name` already saved in `dir` (ascending). */
export function savedVersions(dir: string, name: string): number[] {
  if (!existsSync(dir)) return [];
  const prefix = `${recipeSlug(name)}.v`;
  const versions: number[] = [];
  for (const f of readdirSync(dir)) {
    if (!f.startsWith(prefix) || !f.endsWith('.json')) continue;
    const v = Number(f.slice(prefix.length, -'.json'.length));
    if (Number.isInteger(v) && v > 0) versions.push(v);
  }
  return versions.sort((a, b) => a - b);
}

/**
 * Writes `recipe` as a new version: one above both its own version and the
 * newest version of the same name already in `dir`. Returns the path and the
 * recipe as saved (with its new version).
 */
export function saveRecipeVersion(dir: string, recipe: Recipe): Result<{ path: string; recipe: Recipe }> {
  const checked = parseRecipe(recipe, `"${String((recipe as { name?: unknown })?.name)}" (not saved)`);
  if (!checked.ok) return checked;
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    return fail('bad-recipe', `cannot create recipe folder ${dir}: ${(err as Error).message}`, dir);
  }
  let version = Math.max(checked.value.version, ...savedVersions(dir, checked.value.name)) + 1;
  // A few attempts cover another process saving the same name at the same moment.
  for (let attempt = 0; attempt < 20; attempt++, version++) {
    const saved: Recipe = { ...checked.value, version };
    const path = join(dir, recipeFileName(saved.name, version));
    const temp = join(dir, `.${recipeFileName(saved.name, version)}.${process.pid}.${Date.now()}.tmp`);
    try {
      writeDurably(temp, JSON.stringify(saved, null, 2) + '\n');
      const placed = placeWithoutOverwrite(temp, path);
      if (!placed) continue;
      syncDirectory(dir);
      return ok({ path, recipe: saved });
    } catch (err) {
      return fail('bad-recipe', `cannot save recipe ${path}: ${(err as Error).message}`, path);
    } finally {
      try {
        unlinkSync(temp);
      } catch {
        // already moved or never written
      }
    }
  }
  return fail('bad-recipe', `cannot save recipe "${recipe.name}" in ${dir}: too many concurrent saves`, dir);
}

function writeDurably(path: string, text: string): void {
  const fd = openSync(path, 'wx');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Gives `temp` the name `path` unless `path` exists; false when it does. */
function placeWithoutOverwrite(temp: string, path: string): boolean {
  try {
    linkSync(temp, path);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EXDEV') throw err;
  }
  if (existsSync(path)) return false;
  renameSync(temp, path);
  return true;
}
