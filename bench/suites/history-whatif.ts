// What-if re-inspection beside the live line. A history of 1280×1024 frames
// (40 discs each, imported with the history's own import) is re-inspected with
// a candidate recipe by the workbench's job child (forked, niced), while this
// process plays the live line: the same pipeline over the same frames, as fast
// as it goes. The live line's p95 frame time with the what-if running, against
// without, is the "never slowing the live line"; the what-if's own
// rate is reported beside it. LOUPE_BENCH_WHATIF_FRAMES sets the re-inspected
// count (default 120).
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { BenchRow, BenchSuite } from '../bench-row.js';
import { CACHE_DIR } from '../lib/paths.js';
import { ensureBenchFrames } from '../lib/make-frames.js';
import { round } from '../lib/stats.js';
import { importFolder } from '../../src-engine/history/import-folder.js';
import { runInJobChild } from '../../src-engine/history/job-child.js';
import type { WhatIfItem } from '../../src-engine/history/job-protocol.js';
import { ReviewStore } from '../../src-engine/history/review-store.js';
import { PictureFiles } from '../../src-engine/history/pictures.js';
import { filteredRows } from '../../src-engine/history/filtered-frames.js';
import { readImageFile } from '../../src-engine/images/read-image.js';
import { loadRecipeFile } from '../../src-engine/recipes/load-recipe-file.js';
import { defaultRecipePath } from '../../src-engine/recipes/recipe-paths.js';
import { inspectImage } from '../../src-engine/vision/inspect-image.js';
import type { Mat } from '../../src-engine/opencv.js';

const FRAMES = Number(process.env.LOUPE_BENCH_WHATIF_FRAMES ?? 120);

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))];
}

/** The live line: inspect frames back to back until `until` says stop (or for `ms`); per-frame times. */
async function liveLine(images: Mat[], recipe: Parameters<typeof inspectImage>[1], until: () => boolean): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; !until(); i++) {
    const t0 = performance.now();
    inspectImage(images[i % images.length], recipe, { seq: i, timestampMs: Date.now() });
    times.push(performance.now() - t0);
    if (i % 10 === 9) await new Promise((r) => setImmediate(r)); // the engine's loop yields too
  }
  return times;
}

const suite: BenchSuite = {
  name: 'history-whatif',
  async run(): Promise<BenchRow[]> {
    const recipe = loadRecipeFile(defaultRecipePath());
    if (!recipe.ok) throw new Error(recipe.error.message);
    const dir = mkdtempSync(join(tmpdir(), 'loupe-bench-whatif-'));
    try {
      const frames = ensureBenchFrames(join(CACHE_DIR, 'frames'));
      mkdirSync(join(dir, 'pictures', 'good'), { recursive: true });
      for (const f of frames) copyFileSync(f, join(dir, 'pictures', 'good', basename(f)));
      const imported = importFolder({ dataDir: join(dir, 'data'), folder: join(dir, 'pictures'), recipe: recipe.value });
      if (!imported.ok) throw new Error(imported.error.message);
      const store = ReviewStore.open(join(dir, 'data'));
      if (!store.ok) throw new Error(store.error.message);
      const pictures = new PictureFiles(join(dir, 'data'));
      const kept: WhatIfItem[] = [];
      for (const row of filteredRows(store.value, { withImage: true })) {
        if (row.ok) kept.push({ frameId: row.value.frameId, picture: pictures.resolve(row.value.image!.full!), verdict: row.value.verdict });
      }
      store.value.close();
      const items = Array.from({ length: FRAMES }, (_, i) => kept[i % kept.length]);
      const candidate = { ...recipe.value, version: recipe.value.version + 1, tolerances: { area: { min: 600 } } };
      const images = frames.map((f) => {
        const m = readImageFile(f);
        if (!m.ok) throw new Error(m.error.message);
        return m.value;
      });

      const aloneUntil = performance.now() + 8000;
      const alone = await liveLine(images, recipe.value, () => performance.now() > aloneUntil);

      let finished = false;
      let cancelled = false;
      const startedAt = performance.now();
      const job = runInJobChild({ kind: 'whatif', recipe: candidate, items }, {
        progress: () => undefined,
        problem: (text) => process.stderr.write(`what-if: ${text}\n`),
        note: () => undefined,
        notes: {},
        get cancelled() {
          return cancelled;
        },
        onCancel: () => undefined,
      }).finally(() => {
        finished = true;
      });
      const beside = await liveLine(images, recipe.value, () => finished);
      const outcome = await job;
      const whatIfSeconds = (performance.now() - startedAt) / 1000;
      cancelled = true;
      if (!outcome.ok) throw new Error(outcome.error.message);
      for (const m of images) m.release();

      const ratio = p95(beside) / p95(alone);
      return [
        { name: 'what-if: live line p95 frame time with a re-inspection running / without (never slowing the live line)', value: round(ratio, 2), unit: '×', target: '<= 1.25', ok: ratio <= 1.25 },
        { name: 'what-if: live line p95 frame time, alone', value: round(p95(alone), 2), unit: 'ms', target: 'info', ok: true },
        { name: 'what-if: live line p95 frame time, beside the re-inspection', value: round(p95(beside), 2), unit: 'ms', target: 'info', ok: true },
        { name: `what-if: re-inspection rate (${FRAMES} kept 1280×1024 pictures, niced child, load ${loadavg()[0].toFixed(1)})`, value: round(FRAMES / whatIfSeconds, 1), unit: 'frames/s', target: 'info', ok: true },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default suite;
