// `npm run import` and the history.import job: a labelled folder (class from
// the sub-folder names, read by the shared labelled-folder loader) is
// inspected with a recipe and recorded as a run of source kind 'folder'. Every
// new file keeps its full picture and thumbnail and gets its class as the
// frame's label; a file that cannot be read is reported by name and skipped;
// a file whose content was imported before is skipped (sha256).
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LabelValueSchema } from '../../src-shared/history-contract.js';
import type { Recipe } from '../../src-shared/recipe.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import { readLabelledFolder } from '../datasets/labelled-folder.js';
import { databaseFile, openWriteDatabase } from '../store/open-database.js';
import { copyPixels } from '../store/raw-image.js';
import { inspectImage } from '../vision/inspect-image.js';
import { ImportWriter } from './import-writer.js';

export interface ImportProgress {
  /** Files looked at so far (imported, already there, or skipped). */
  done: number;
  /** Files found in the class folders before reading any. */
  total: number;
  message: string;
  /** The run the import records into, once it has one. */
  runId: number | null;
}

export interface ImportSummary {
  runId: number | null;
  imported: number;
  alreadyImported: number;
  skipped: number;
  /** Imported files per class. */
  classes: Record<string, number>;
  /** One sentence per file not imported (unreadable, no class, a copy), naming it. */
  problems: string[];
}

export interface ImportOptions {
  dataDir: string;
  folder: string;
  recipe: Recipe;
  onProgress?: (progress: ImportProgress) => void;
}

export function importFolder(options: ImportOptions): Result<ImportSummary> {
  const folder = resolve(options.folder);
  const total = countClassFiles(folder);
  let db;
  try {
    db = openWriteDatabase(databaseFile(options.dataDir));
  } catch (err) {
    return fail('bad-source', `the history in ${options.dataDir} cannot be opened: ${(err as Error).message}`, options.dataDir);
  }
  try {
    const writer = new ImportWriter(db, options.dataDir, { folder, recipe: options.recipe });
    const summary: ImportSummary = { runId: null, imported: 0, alreadyImported: 0, skipped: 0, classes: {}, problems: [] };
    let done = 0;
    const step = (message: string) => options.onProgress?.({ done: ++done, total: Math.max(total, done), message, runId: writer.run });
    const skip = (text: string) => {
      summary.skipped++;
      summary.problems.push(text);
    };
    const scan = readLabelledFolder(folder, (file, image) => {
      if (writer.alreadyImported(file.hash) !== null) {
        summary.alreadyImported++;
        return step(`${file.relativePath}: imported before`);
      }
      if (!LabelValueSchema.safeParse(file.label).success) {
        skip(`${file.relativePath}: the class folder name "${file.label}" cannot be a label (letters, digits, spaces, "_", "." or "-", at most 64)`);
        return step(`${file.relativePath}: skipped`);
      }
      let recorded;
      try {
        const result = inspectImage(image, options.recipe, { seq: writer.seq, timestampMs: statSync(file.path).mtimeMs });
        recorded = writer.record({ relativePath: file.relativePath, hash: file.hash, label: file.label, result, image: copyPixels(image) });
      } catch (err) {
        recorded = fail('internal', `${file.relativePath}: inspection failed (${(err as Error).message})`, file.relativePath);
      }
      if (!recorded.ok) {
        skip(recorded.error.message);
        return step(`${file.relativePath}: skipped`);
      }
      summary.imported++;
      summary.classes[file.label] = (summary.classes[file.label] ?? 0) + 1;
      step(`${file.relativePath}: imported as ${file.label}`);
    });
    if (!scan.ok) return scan;
    for (const p of scan.value.problems) {
      if (p.kind === 'duplicate') summary.problems.push(p.message);
      else skip(p.kind === 'unreadable' ? `${p.relativePath}: ${withoutPath(p.error.message)}` : p.message);
    }
    summary.runId = writer.run;
    return ok(summary);
  } finally {
    db.close();
  }
}

/** The loader's messages start with the file's full path; the report names it by its path in the folder. */
function withoutPath(message: string): string {
  const at = message.indexOf(': ');
  return at > 0 && message.startsWith('/') ? message.slice(at + 2) : message;
}

/** Files under the class folders, for the progress bar's length (the loader reads them after). */
export function countClassFiles(root: string): number {
  const walk = (dir: string, depth: number): number => {
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => !n.startsWith('.'));
    } catch {
      return 0;
    }
    let n = 0;
    for (const name of names) {
      try {
        const s = statSync(join(dir, name));
        if (s.isDirectory()) n += walk(join(dir, name), depth + 1);
        else if (s.isFile() && depth > 0) n++;
      } catch {
        if (depth > 0) n++; // a broken link is reported as a file that cannot be read
      }
    }
    return n;
  };
  return walk(root, 0);
}
