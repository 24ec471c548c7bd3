// `npm run export -- --data DIR --format coco|csv --out OUT [filters]`: the
// history's frames as COCO instance segmentation or CSV, filtered like the review.
import { Command, Option } from 'commander';
import { exportCommand, type ExportCommandOptions } from './export-command.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

const program = new Command()
  .name('loupe-export')
  .description('Export the history (COCO instance segmentation with pictures, or CSV) into a new folder; filters as in the review.')
  .option('-d, --data <dir>', 'data folder holding the history', './loupe-data')
  .addOption(new Option('-f, --format <format>', 'coco or csv').choices(['coco', 'csv']).makeOptionMandatory())
  .requiredOption('-o, --out <dir>', 'new (or empty) folder to write into')
  .addOption(new Option('--verdict <v>', 'ok or ng').choices(['ok', 'ng', 'OK', 'NG']))
  .option('--from <time>', 'captured at or after (ISO date/time or epoch ms)')
  .option('--to <time>', 'captured at or before (ISO date/time or epoch ms)')
  .option('--label <value>', 'frames whose label is this (repeat for several)', collect)
  .option('--labelled', 'only frames with a label')
  .option('--unlabelled', 'only frames without a label')
  .option('--metric <name:min:max>', 'an object with this metric in range (repeat; an end may be empty)', collect)
  .option('--frame-metric <name:min:max>', 'frame metric in range (repeat)', collect)
  .option('--source <kind>', 'synthetic, folder, video or camera (repeat)', collect)
  .option('--recipe <name>', 'recorded with this recipe')
  .option('--run <id>', 'run id (repeat)', collect)
  .option('--with-image', 'only frames whose full picture is kept')
  .showHelpAfterError()
  .action(async (opts: Omit<ExportCommandOptions, 'dataDir'> & { data: string }) => {
    process.exitCode = await exportCommand({ ...opts, dataDir: opts.data }, { stdout: process.stdout, stderr: process.stderr });
  });

await program.parseAsync(process.argv);
