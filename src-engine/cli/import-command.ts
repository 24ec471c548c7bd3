// What `npm run import` does once its arguments are parsed: load the recipe,
// import the labelled folder into the data folder's history with a progress
// bar, list what was skipped and why, and return the exit code.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { OpenCVUnavailableError } from '../opencv.js';
import { loadRecipeFile } from '../recipes/load-recipe-file.js';
import { importFolder } from '../history/import-folder.js';
import { createProgressReporter } from './progress.js';
import type { CommandIO } from './inspect-command.js';

export interface ImportCommandOptions {
  folder: string;
  dataDir: string;
  recipeFile: string;
}

const PREFIX = 'loupe-import';

export function importCommand(options: ImportCommandOptions, io: CommandIO): number {
  const error = (message: string): number => {
    io.stderr.write(`${PREFIX}: error: ${message}\n`);
    return 1;
  };
  try {
    const folder = resolve(options.folder);
    if (!existsSync(folder)) return error(`no such folder: ${options.folder}`);
    const recipe = loadRecipeFile(resolve(options.recipeFile));
    if (!recipe.ok) return error(`bad recipe ${options.recipeFile}: ${recipe.error.message}`);

    const progress = createProgressReporter(io.stderr);
    let skipped = 0;
    let imported;
    try {
      imported = importFolder({
        dataDir: resolve(options.dataDir),
        folder,
        recipe: recipe.value,
        onProgress: (p) => {
          if (p.message.endsWith('skipped')) skipped++;
          progress.update({ done: p.done - skipped, skipped, total: p.total });
        },
      });
    } catch (err) {
      progress.stop();
      throw err;
    }
    if (!imported.ok) return error(imported.error.message);
    const s = imported.value;
    progress.update({ done: s.imported + s.alreadyImported, skipped: s.skipped, total: s.imported + s.alreadyImported + s.skipped });
    progress.stop();
    if (s.problems.length > 0) {
      io.stderr.write(`${PREFIX}: ${s.problems.length} file(s) need a look:\n`);
      for (const p of s.problems) io.stderr.write(`  ${p}\n`);
    }
    const classes = Object.entries(s.classes).map(([c, n]) => `${c} ${n}`).join(', ');
    io.stdout.write(
      `imported ${s.imported} picture(s)${classes ? ` (${classes})` : ''}${s.runId === null ? '' : ` as run ${s.runId}`}; ` +
        `${s.alreadyImported} imported before; ${s.skipped} skipped\nhistory: ${resolve(options.dataDir)}\n`,
    );
    if (s.imported + s.alreadyImported === 0) return error(`nothing in ${options.folder} could be imported`);
    return 0;
  } catch (err) {
    if (err instanceof OpenCVUnavailableError) return error(err.message);
    return error(`unexpected failure: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }
}
