// `npm run train -- --data SOURCE --epochs N --logdir DIR [--model NAME] [--batch N]
// [--resume RUN] [--run NAME] [--models DIR]`: trains a small CNN on crops of
// parts from the synthetic line, a labelled folder or the labelled history, with the OpenCV metrics
// beside it; TensorBoard logs, checkpoints and a model bundle.
import { Command, InvalidArgumentError, Option } from 'commander';
import { defaultRecipePath } from '../recipes/recipe-paths.js';
import { trainCommand } from './train-command.js';

function wholeNumber(min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`must be a whole number >= ${min}`);
    return n;
  };
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number, e.g. 0.001');
  return n;
}

const program = new Command()
  .name('loupe-train')
  .description('Train a small CNN on part crops, with OpenCV-derived metrics; writes TensorBoard logs, checkpoints and a model bundle.')
  .option('-d, --data <source>', 'synthetic, synthetic:SEED, history (labelled history of ./loupe-data), history:DATA_DIR, or a labelled folder (one sub-folder per class)')
  .option('-e, --epochs <n>', 'epochs to train (with --resume: the new total)', wholeNumber(1))
  .option('-l, --logdir <dir>', 'log folder (a run goes to DIR/RUN)', './loupe-data/runs')
  .option('-m, --model <name>', 'cnn-tiny, cnn-small or cnn-medium')
  .option('-b, --batch <n>', 'batch size', wholeNumber(1))
  .option('--lr <x>', 'learning rate', positiveNumber)
  .addOption(new Option('--labels <kind>', 'binary (ok / ng) or defect (one class per defect kind)').choices(['binary', 'defect']))
  .option('--frames <n>', 'synthetic line: frames to draw parts from', wholeNumber(1))
  .option('--patience <n>', 'stop when val loss has not improved for N epochs (0: never)', wholeNumber(0))
  .option('--seed <n>', 'seed of the split, shuffles and augmentation', wholeNumber(0))
  .option('--no-augment', 'no flips, turns or brightness changes')
  .option('-r, --resume <run>', 'continue a stopped run from its last checkpoint')
  .option('--run <name>', 'name of the run (default: time and model)')
  .option('--models <dir>', 'where the model bundle goes (default: LOGDIR/../models)')
  .option('--cache <dir>', 'feature cache folder (default: LOGDIR/../cache/features)')
  .option('--recipe <file>', 'recipe the parts are found and measured with', defaultRecipePath())
  .showHelpAfterError()
  .action(async (opts: { data?: string; epochs?: number; logdir: string; model?: string; batch?: number; lr?: number; labels?: 'binary' | 'defect'; frames?: number; patience?: number; seed?: number; augment: boolean; resume?: string; run?: string; models?: string; cache?: string; recipe: string }) => {
    process.exitCode = await trainCommand(
      { ...opts, learningRate: opts.lr, recipeFile: opts.recipe },
      { stdout: process.stdout, stderr: process.stderr },
    );
  });

await program.parseAsync(process.argv);
