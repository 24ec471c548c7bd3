// `npm run import -- FOLDER [--data DIR] [--recipe FILE]`: a labelled folder
// (one sub-folder per class: good/, defect_x/) into the history, inspected with
// the recipe (default: the built-in default), each picture labelled with its class.
import { Command } from 'commander';
import { defaultRecipePath } from '../recipes/recipe-paths.js';
import { importCommand } from './import-command.js';

const program = new Command()
  .name('loupe-import')
  .description('Import a labelled folder (one sub-folder per class) into the history: inspected, pictures kept, class as the label.')
  .argument('<folder>', 'folder with one sub-folder per class (good/, defect_x/, …)')
  .option('-d, --data <dir>', 'data folder holding the history', './loupe-data')
  .option('-r, --recipe <file>', 'recipe JSON file to inspect with', defaultRecipePath())
  .showHelpAfterError()
  .action((folder: string, opts: { data: string; recipe: string }) => {
    process.exitCode = importCommand({ folder, dataDir: opts.data, recipeFile: opts.recipe }, { stdout: process.stdout, stderr: process.stderr });
  });

await program.parseAsync(process.argv);
