// What `npm run inspect` does once its arguments are parsed: load the recipe, open
// the path, inspect everything, write results.csv, frames.csv and results.json atomically, and
// return the exit code. Every failure that leaves nothing to report is a non-zero
// exit with one line saying what to fix.
import { existsSync, mkdirSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import type { Recipe } from '../../src-shared/recipe.js';
import { OpenCVUnavailableError } from '../opencv.js';
import { loadRecipeFile } from '../recipes/load-recipe-file.js';
import { openPathSource } from '../sources/open-source.js';
import { inspectImage } from '../vision/inspect-image.js';
import { writeFileAtomicSync } from '../files/write-file-atomic.js';
import { runInspection, type InspectionRun } from './inspection-run.js';
import { createProgressReporter } from './progress.js';
import { framesCsv, resultsCsv } from './results-csv.js';
import { summarize, type RunSummary } from './results-summary.js';

export interface InspectCommandOptions {
  input: string;
  recipeFile: string;
  outDir: string;
  mmPerPixel: number | null;
}

export interface CommandIO {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

const PREFIX = 'loupe-inspect';

export async function inspectCommand(options: InspectCommandOptions, io: CommandIO): Promise<number> {
  const error = (message: string): number => {
    io.stderr.write(`${PREFIX}: error: ${message}\n`);
    return 1;
  };
  try {
    const input = resolve(options.input);
    if (!existsSync(input)) return error(`no such file or folder: ${options.input}`);

    const loaded = loadRecipeFile(resolve(options.recipeFile));
    if (!loaded.ok) {
      const { message, subject } = loaded.error;
      return error(`bad recipe ${options.recipeFile}: ${message}${subject && !message.includes(subject) ? ` (${subject})` : ''}`);
    }
    const mmPerPixel = options.mmPerPixel ?? loaded.value.calibration.mmPerPixel;
    const recipe: Recipe = { ...loaded.value, calibration: { mmPerPixel } };

    const opened = openPathSource(input, { loop: false });
    if (!opened.ok) return error(`cannot read ${options.input}: ${opened.error.message}`);
    const source = opened.value;

    // Files inside a folder are named relative to it; a single file or video by its name.
    const base = source.info.kind === 'folder' ? input : dirname(input);
    const label = (origin: string | undefined): string => {
      if (!origin) return basename(input);
      const rel = relative(base, origin);
      return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : origin;
    };

    const progress = createProgressReporter(io.stderr);
    let run: InspectionRun;
    try {
      run = await runInspection(source, recipe, inspectImage, { label, onProgress: (p) => progress.update(p) });
    } finally {
      progress.stop();
      source.close();
    }
    const summary = summarize(run);
    reportSkipped(summary, io);
    if (summary.frames === 0) {
      return error(
        summary.skipped.length > 0
          ? `none of the ${summary.skipped.length} item(s) in ${options.input} could be read`
          : `${options.input} holds no image or video frame to inspect`,
      );
    }

    const outDir = resolve(options.outDir);
    mkdirSync(outDir, { recursive: true });
    writeFileAtomicSync(resolve(outDir, 'results.csv'), resultsCsv(run.frames, mmPerPixel));
    writeFileAtomicSync(resolve(outDir, 'frames.csv'), framesCsv(run.frames));
    writeFileAtomicSync(
      resolve(outDir, 'results.json'),
      JSON.stringify(
        {
          input,
          recipe: { name: recipe.name, version: recipe.version, file: resolve(options.recipeFile) },
          mmPerPixel,
          createdAt: new Date().toISOString(),
          summary,
          frames: run.frames,
        },
        null,
        1,
      ) + '\n',
    );
    io.stdout.write(summaryLine(summary, outDir));
    return 0;
  } catch (err) {
    if (err instanceof OpenCVUnavailableError) return error(err.message);
    return error(`unexpected failure: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }
}

function reportSkipped(summary: RunSummary, io: CommandIO): void {
  if (summary.skipped.length === 0) return;
  io.stderr.write(`${PREFIX}: skipped ${summary.skipped.length} item(s) that could not be read:\n`);
  for (const s of summary.skipped) io.stderr.write(`  ${s.file ?? '(unknown)'}: ${s.message}\n`);
}

function summaryLine(summary: RunSummary, outDir: string): string {
  const percent = summary.yield === null ? 'n/a' : `${(summary.yield * 100).toFixed(1)}%`;
  return (
    `${summary.frames} frame(s): ${summary.framesOk} OK, ${summary.framesNg} NG (yield ${percent}); ` +
    `${summary.objects} object(s): ${summary.objectsOk} OK, ${summary.objectsNg} NG; ` +
    `${summary.skipped.length} skipped\nresults: ${resolve(outDir, 'results.csv')}, ${resolve(outDir, 'frames.csv')}, ${resolve(outDir, 'results.json')}\n`
  );
}
