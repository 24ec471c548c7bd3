// `npm run inspect -- PATH [--recipe FILE] [--out DIR] [--mm-per-pixel X]`:
// the headless way to run a recipe over a folder, an image or a video.
import { Command, InvalidArgumentError } from 'commander';
import { defaultRecipePath } from '../recipes/recipe-paths.js';
import { inspectCommand } from './inspect-command.js';

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number, e.g. 0.05');
  return n;
}

const program = new Command()
  .name('loupe-inspect')
  .description('Inspect a folder of images, one image or a video with a recipe; writes results.csv and results.json.')
  .argument('<path>', 'folder of images, an image file or a video file')
  .option('-r, --recipe <file>', 'recipe JSON file', defaultRecipePath())
  .option('-o, --out <dir>', 'directory for results.csv and results.json', './loupe-results')
  .option('--mm-per-pixel <x>', 'calibration: millimetres per pixel (reports mm and mm²)', positiveNumber)
  .showHelpAfterError()
  .action(async (input: string, opts: { recipe: string; out: string; mmPerPixel?: number }) => {
    process.exitCode = await inspectCommand(
      { input, recipeFile: opts.recipe, outDir: opts.out, mmPerPixel: opts.mmPerPixel ?? null },
      { stdout: process.stdout, stderr: process.stderr },
    );
  });

await program.parseAsync(process.argv);
