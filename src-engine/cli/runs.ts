// `npm run runs -- show LOGDIR [--json]` and `npm run runs -- export LOGDIR --run R --out FILE.csv`:
// the scalars of a TensorBoard log folder (Loupe's, Keras', PyTorch's, CatBoost's) without a browser.
import { Command } from 'commander';
import { exportCommand, showCommand } from './runs-command.js';

const io = { stdout: process.stdout, stderr: process.stderr };

const program = new Command()
  .name('loupe-runs')
  .description('Read the scalars of a TensorBoard log folder (events.out.tfevents.* files).')
  .showHelpAfterError();

program
  .command('show')
  .description('for each run and tag: count, first and last step, last value, min and max')
  .argument('<logdir>', 'log folder (each folder holding event files is a run)')
  .option('--json', 'print one JSON object: { runs: { run: { tag: {count, firstStep, lastStep, lastValue, min, max} } }, badRecords, truncatedTails }', false)
  .action((logdir: string, opts: { json: boolean }) => {
    process.exitCode = showCommand(logdir, opts, io);
  });

program
  .command('export')
  .description("write one run's scalars to CSV: run, tag, step, wall_time, value")
  .argument('<logdir>', 'log folder')
  .requiredOption('--run <run>', 'run name, as `show` prints it (e.g. "cnn-a/train", or "." for the folder itself)')
  .requiredOption('--out <file>', 'CSV file to write (atomically)')
  .action((logdir: string, opts: { run: string; out: string }) => {
    process.exitCode = exportCommand(logdir, opts, io);
  });

await program.parseAsync(process.argv);
