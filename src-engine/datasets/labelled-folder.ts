// A labelled folder: images sorted by a person into one sub-folder per class
// (`good/`, `defect_chip/`, …). Training datasets and the history import both
// read folders through this one module, so "which files count, what class they
// are, which ones could not be read" means the same thing everywhere.
//
// Rules:
// - The class of a file is the name of the top-level sub-folder it sits in;
//   deeper folders (`good/batch-2/x.png`) belong to the same class, so people
//   can keep their own sub-structure.
// - Files directly in the root have no class: they are reported, not guessed.
// - Hidden entries (names starting with a dot: .DS_Store, .git) are skipped.
// - Every other file is read with readImageFile (magic bytes, declared size,
//   truncation); a file it refuses is reported by name and the walk goes on.
// - Identical content (same sha256) is kept once, at its first path in walk
//   order, and each group of copies is reported once.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Mat } from '../opencv.js';
import { fail, ok, type LoupeError, type Result } from '../../src-shared/result.js';
import { readImageFile } from '../images/read-image.js';
import { naturalCompare } from '../sources/list-images.js';

export interface LabelledFile {
  /** Absolute (or root-relative, as the root was given) path of the file. */
  path: string;
  /** Path inside the root, with `/` separators: stable across machines, used as the file's name in reports. */
  relativePath: string;
  /** Class: the top-level sub-folder's name. */
  label: string;
  /** sha256 of the file's bytes, lower-case hex. */
  hash: string;
}

export type LabelledFolderProblem =
  | { kind: 'unreadable'; relativePath: string; error: LoupeError }
  | { kind: 'unlabelled'; relativePath: string; message: string }
  | { kind: 'duplicate'; hash: string; kept: string; copies: string[]; message: string };

export interface LabelledFolderScan {
  root: string;
  /** Classes that have at least one readable file, sorted naturally. */
  classes: string[];
  /** Readable files, first copy of each content only, in walk order (classes, then natural file order). */
  files: LabelledFile[];
  problems: LabelledFolderProblem[];
}

interface Entry {
  path: string;
  relativePath: string;
  label: string;
}

/**
 * Walks `root`, reads every file, and calls `visit` with each readable,
 * first-of-its-content file and its decoded image. The image is released when
 * `visit` returns: copy out what you keep. Fails only when the root itself
 * cannot be listed; every per-file trouble is a problem in the scan.
 */
export function readLabelledFolder(root: string, visit?: (file: LabelledFile, image: Mat) => void): Result<LabelledFolderScan> {
  const listed = listEntries(root);
  if (!listed.ok) return listed;
  const { entries, problems } = listed.value;

  const files: LabelledFile[] = [];
  const firstByHash = new Map<string, LabelledFile>();
  const copiesByHash = new Map<string, string[]>();
  for (const entry of entries) {
    const image = readImageFile(entry.path);
    if (!image.ok) {
      problems.push({ kind: 'unreadable', relativePath: entry.relativePath, error: { ...image.error, subject: entry.relativePath } });
      continue;
    }
    try {
      const hash = hashFile(entry.path);
      if (!hash.ok) {
        problems.push({ kind: 'unreadable', relativePath: entry.relativePath, error: hash.error });
        continue;
      }
      const first = firstByHash.get(hash.value);
      if (first) {
        const copies = copiesByHash.get(hash.value) ?? [];
        copies.push(entry.relativePath);
        copiesByHash.set(hash.value, copies);
        continue;
      }
      const file: LabelledFile = { ...entry, hash: hash.value };
      firstByHash.set(hash.value, file);
      files.push(file);
      visit?.(file, image.value);
    } finally {
      image.value.release();
    }
  }

  for (const [hash, copies] of copiesByHash) {
    const kept = firstByHash.get(hash)!;
    const labels = new Set([kept.label, ...copies.map((c) => labelOf(c))]);
    const conflict = labels.size > 1 ? `; the copies are filed under different classes (${[...labels].join(', ')}), the first one's class is used` : '';
    problems.push({
      kind: 'duplicate',
      hash,
      kept: kept.relativePath,
      copies,
      message: `${copies.join(', ')} ${copies.length === 1 ? 'has' : 'have'} the same content as ${kept.relativePath}; kept once${conflict}`,
    });
  }

  const classes = [...new Set(files.map((f) => f.label))].sort(naturalCompare);
  return ok({ root, classes, files, problems });
}

/** The sha256 (hex) of a file's bytes. */
export function hashFile(path: string): Result<string> {
  try {
    return ok(sha256Hex(readFileSync(path)));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return fail('bad-image', `${path}: cannot be read (${code ?? String(err)})`, path);
  }
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function labelOf(relativePath: string): string {
  return relativePath.split('/')[0];
}

/** Every candidate file under the class folders, in a stable order; root-level files become problems. */
function listEntries(root: string): Result<{ entries: Entry[]; problems: LabelledFolderProblem[] }> {
  let top: string[];
  try {
    if (!statSync(root).isDirectory()) return fail('bad-source', `${root} is not a folder`, root);
    top = visibleNames(root);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return fail('not-found', `labelled folder ${root} does not exist`, root);
    return fail('bad-source', `labelled folder ${root} cannot be listed (${code ?? String(err)})`, root);
  }

  const entries: Entry[] = [];
  const problems: LabelledFolderProblem[] = [];
  for (const name of top) {
    const path = join(root, name);
    const kind = kindOf(path);
    if (kind === 'file') {
      problems.push({ kind: 'unlabelled', relativePath: name, message: `${name} is not inside a class folder (good/, defect_x/, …), so it has no class` });
    } else if (kind === 'dir') {
      walkClass(root, path, name, entries, problems);
    }
  }
  return ok({ entries, problems });
}

function walkClass(root: string, dir: string, label: string, entries: Entry[], problems: LabelledFolderProblem[]): void {
  let names: string[];
  try {
    names = visibleNames(dir);
  } catch (err) {
    const relativePath = toSlashes(relative(root, dir));
    const code = (err as NodeJS.ErrnoException).code;
    problems.push({ kind: 'unreadable', relativePath, error: { code: 'bad-source', message: `folder ${relativePath} cannot be listed (${code ?? String(err)})`, subject: relativePath } });
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    const kind = kindOf(path);
    if (kind === 'dir') walkClass(root, path, label, entries, problems);
    else if (kind === 'file') entries.push({ path, relativePath: toSlashes(relative(root, path)), label });
    else if (kind === 'broken') {
      const relativePath = toSlashes(relative(root, path));
      problems.push({ kind: 'unreadable', relativePath, error: { code: 'not-found', message: `${relativePath}: a link to nothing`, subject: relativePath } });
    }
  }
}

function visibleNames(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => !n.startsWith('.'))
    .sort(naturalCompare);
}

/** Follows links (a linked class folder is a class folder); sockets, devices and the like are neither. */
function kindOf(path: string): 'file' | 'dir' | 'broken' | 'other' {
  try {
    const s = statSync(path);
    return s.isFile() ? 'file' : s.isDirectory() ? 'dir' : 'other';
  } catch {
    return 'broken';
  }
}

function toSlashes(p: string): string {
  return p.split('\\').join('/');
}
