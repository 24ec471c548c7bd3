// Shared set-up of the history service tests. A workbench on a memory port over a history imported from the drawn
// labelled folder, with the import recipe's disc band widened so the drawn
// discs pass (good/disc.png, defect_x/whole.jpg OK; the rest NG).
import { join } from 'node:path';
import { createMemoryPortPair } from '../../../src-engine/host/memory-port.js';
import { importFolder } from '../../../src-engine/history/import-folder.js';
import { loadRecipeFile } from '../../../src-engine/recipes/load-recipe-file.js';
import { defaultRecipePath } from '../../../src-engine/recipes/recipe-paths.js';
import { createWorkbenchServer, type WorkbenchServer } from '../../../src-engine/workbench/workbench-server.js';
import type { HistoryJob } from '../../../src-shared/history-methods.js';
import { createPortClient, type PortClient } from '../../../src-shared/port-client.js';
import type { Recipe } from '../../../src-shared/recipe.js';
import { writeLabelledFolder } from '../history/labelled-pictures.js';

export function defaultRecipe(): Recipe {
  const loaded = loadRecipeFile(defaultRecipePath());
  if (!loaded.ok) throw new Error(loaded.error.message);
  return loaded.value;
}

/** The default recipe with the disc's area band wide enough for the drawn discs. */
export function lenientRecipe(): Recipe {
  const recipe = structuredClone(defaultRecipe());
  const disc = recipe.parts.find((p) => p.name === 'disc')!;
  disc.tolerances = { ...disc.tolerances, area: { min: 3000, max: 3500 } };
  return { ...recipe, version: recipe.version + 1 };
}

export interface Bench {
  dataDir: string;
  source: string;
  server: WorkbenchServer;
  client: PortClient;
  jobs: HistoryJob[];
  /** Resolves with the job's last event once it is no longer running. */
  finished(jobId: string, timeoutMs?: number): Promise<HistoryJob>;
  close(): void;
}

export function importDrawnFolder(dir: string): { dataDir: string; source: string } {
  const source = writeLabelledFolder(join(dir, 'pictures'));
  const dataDir = join(dir, 'data');
  const imported = importFolder({ dataDir, folder: source, recipe: lenientRecipe() });
  if (!imported.ok || imported.value.imported !== 4) throw new Error(`fixture import failed: ${JSON.stringify(imported)}`);
  return { dataDir, source };
}

export function openBench(dataDir: string | null, source = ''): Bench {
  const pair = createMemoryPortPair();
  const server = createWorkbenchServer(pair.engine, { runs: { defaultLogdir: null }, history: { dataDir, loadImportRecipe: () => ({ ok: true, value: lenientRecipe() }) } });
  const client = createPortClient(pair.client, { timeoutMs: 20_000 });
  const jobs: HistoryJob[] = [];
  client.onEvent('history.job', (j) => jobs.push(j));
  const finished = async (jobId: string, timeoutMs = 30_000): Promise<HistoryJob> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const last = jobs.filter((j) => j.jobId === jobId).at(-1);
      if (last && last.state !== 'running') return last;
      if (Date.now() > deadline) throw new Error(`job ${jobId} did not finish within ${timeoutMs} ms (last: ${JSON.stringify(last)})`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return {
    dataDir: dataDir ?? '',
    source,
    server,
    client,
    jobs,
    finished,
    close: () => {
      client.dispose();
      server.dispose();
      pair.close();
    },
  };
}
