// An export goes to a hidden folder beside its destination and is renamed into
// place only once complete, so a failed or cancelled export leaves nothing
// half-written under the name the user gave.
import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fail, ok, type Result } from '../../src-shared/result.js';

export interface ExportTarget {
  out: string;
  temp: string;
}

/** Checks the destination (absent, or an empty folder) and makes the temporary folder beside it. */
export function prepareExportFolder(outPath: string): Result<ExportTarget> {
  const out = resolve(outPath);
  if (existsSync(out)) {
    let empty = false;
    try {
      empty = statSync(out).isDirectory() && readdirSync(out).length === 0;
    } catch (err) {
      return fail('bad-request', `cannot export to ${out}: ${(err as Error).message}`, out);
    }
    if (!empty) return fail('bad-request', `cannot export to ${out}: it exists and is not an empty folder; choose a new folder`, out);
  }
  const temp = join(dirname(out), `.${basename(out)}.partial-${process.pid}-${Date.now().toString(36)}`);
  try {
    mkdirSync(dirname(out), { recursive: true });
    mkdirSync(temp);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return fail('bad-request', `cannot export to ${out}: the folder cannot be written (${code ?? (err as Error).message})`, out);
  }
  return ok({ out, temp });
}

/** Moves the finished export into place. */
export function finishExportFolder(target: ExportTarget): Result<string> {
  try {
    if (existsSync(target.out)) rmdirSync(target.out); // empty, checked at the start
    renameSync(target.temp, target.out);
    return ok(target.out);
  } catch (err) {
    abandonExportFolder(target);
    return fail('bad-request', `the export could not be moved to ${target.out}: ${(err as Error).message}`, target.out);
  }
}

export function abandonExportFolder(target: ExportTarget): void {
  rmSync(target.temp, { recursive: true, force: true });
}
