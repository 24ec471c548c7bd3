// What `npm run export` does once its arguments are parsed: open the data
// folder's history, export the filtered frames as COCO or CSV into OUT (all or
// nothing), and return the exit code.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { exportHistory, type ExportFormat } from '../history/export-history.js';
import { PictureFiles } from '../history/pictures.js';
import { ReviewStore } from '../history/review-store.js';
import { databaseFile } from '../store/open-database.js';
import { exportFilterFrom, type ExportFilterFlags } from './export-filter.js';
import type { CommandIO } from './inspect-command.js';
import { createProgressReporter } from './progress.js';

export interface ExportCommandOptions extends ExportFilterFlags {
  dataDir: string;
  format: ExportFormat;
  out: string;
}

const PREFIX = 'loupe-export';

export async function exportCommand(options: ExportCommandOptions, io: CommandIO): Promise<number> {
  const error = (message: string): number => {
    io.stderr.write(`${PREFIX}: error: ${message}\n`);
    return 1;
  };
  const dataDir = resolve(options.dataDir);
  if (!existsSync(databaseFile(dataDir))) return error(`no history in ${options.dataDir} (no ${databaseFile(dataDir)}); give the data folder with --data`);
  const filter = exportFilterFrom(options);
  if (!filter.ok) return error(filter.error.message);
  const opened = ReviewStore.open(dataDir);
  if (!opened.ok) return error(opened.error.message);
  const progress = createProgressReporter(io.stderr);
  try {
    const exported = await exportHistory({
      store: opened.value,
      pictures: new PictureFiles(dataDir),
      format: options.format,
      out: options.out,
      filter: filter.value,
      onProgress: (done, total) => progress.update({ done, skipped: 0, total }),
    });
    progress.stop();
    if (!exported.ok) return error(exported.error.message);
    const s = exported.value;
    for (const p of s.problems) io.stderr.write(`${PREFIX}: ${p}\n`);
    io.stdout.write(`exported ${s.frames} frame(s), ${s.objects} object(s) as ${options.format.toUpperCase()} to ${s.out}\n`);
    return 0;
  } finally {
    opened.value.close();
  }
}
