// What the production side costs the live frame loop (the issue: "cheap work
// only"; every millisecond in onItem is 3 % of a core at 30 fps). Real frames:
// the synthetic line at 1280×1024 inspected with the default recipe, then fed to
//   - ProductionLine.onFrame alone: counters (committed in batches) + alarms;
//   - the NG thumbnail (160 px JPEG + base64) an NG frame carries;
//   - LiveProduction.onFrame, all of it: counting, alarms, and for NG frames the
//     NG event with its thumbnail, as the engine calls it;
//   - the NG event as text (what a JSON transport pays to send it) and its size.
// CPU time per frame, so a busy shared machine inflates the figures less.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchRow, BenchSuite } from '../bench-row.js';
import { round } from '../lib/stats.js';
import { SyntheticLine } from '../../src-engine/sources/synthetic/synthetic-line.js';
import { SyntheticSourceSchema } from '../../src-shared/sources.js';
import { inspectImage } from '../../src-engine/vision/inspect-image.js';
import { loadRecipeFile } from '../../src-engine/recipes/load-recipe-file.js';
import { defaultRecipePath } from '../../src-engine/recipes/recipe-paths.js';
import { LiveProduction } from '../../src-engine/production/live-production.js';
import { encodeNgThumbnail } from '../../src-engine/production/ng-thumbnail.js';
import { ngFrameEvent } from '../../src-engine/production/ng-frame.js';
import type { Mat } from '../../src-engine/opencv.js';
import type { FrameResult } from '../../src-shared/inspection.js';

const FRAMES = 120;
const ROUNDS = 10;

function cpuMs(work: () => void): number {
  const start = process.cpuUsage();
  work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

async function run(): Promise<BenchRow[]> {
  const recipe = loadRecipeFile(defaultRecipePath());
  if (!recipe.ok) throw new Error(recipe.error.message);
  const line = new SyntheticLine(SyntheticSourceSchema.parse({ kind: 'synthetic', seed: 7, width: 1280, height: 1024 }));
  const frames: { image: Mat; result: FrameResult }[] = [];
  for (let seq = 0; seq < FRAMES; seq++) {
    const { image } = line.render(seq);
    frames.push({ image, result: inspectImage(image, recipe.value, { seq, timestampMs: Date.now() }) });
  }
  const ng = frames.filter((f) => !f.result.verdict.ok);
  const dir = mkdtempSync(join(tmpdir(), 'loupe-bench-production-'));
  const opened = LiveProduction.open(dir, { report: (m) => console.error(m) });
  if (!opened.ok) throw new Error(opened.error.message);
  const production = opened.value;
  const events = { alarm: () => undefined, ng: () => undefined };
  try {
    // Warm up the JIT and the statements, then measure many passes; each pass commits a batch or two (256 frames or 1 s).
    for (const f of frames) production.onFrame(f.result, f.image, events);
    const lineMs = cpuMs(() => {
      for (let r = 0; r < ROUNDS; r++) for (const f of frames) production.line.onFrame(f.result);
    }) / (ROUNDS * FRAMES);
    const thumbMs = cpuMs(() => {
      for (let r = 0; r < ROUNDS; r++) for (const f of ng) encodeNgThumbnail(f.image);
    }) / (ROUNDS * ng.length);
    const liveMs = cpuMs(() => {
      for (let r = 0; r < ROUNDS; r++) for (const f of frames) production.onFrame(f.result, f.image, events);
    }) / (ROUNDS * FRAMES);
    const thumbnail = encodeNgThumbnail(ng[0].image);
    const ngEvents = ng.map((f) => ngFrameEvent(f.result, null, thumbnail));
    let bytes = 0;
    const jsonMs = cpuMs(() => {
      for (let r = 0; r < ROUNDS; r++) for (const e of ngEvents) bytes += JSON.stringify(e).length;
    }) / (ROUNDS * ngEvents.length);
    const kb = bytes / (ROUNDS * ngEvents.length) / 1024;
    console.log(`production-line: NG event ${round(kb, 1)} KB as JSON, ${round(jsonMs, 3)} ms to serialise`);
    console.log(`production-line: ${ng.length}/${FRAMES} frames NG; onFrame ${round(lineMs, 3)} ms, thumbnail ${round(thumbMs, 3)} ms, all ${round(liveMs, 3)} ms CPU per frame`);
    return [
      { name: 'production: ProductionLine.onFrame CPU per frame (counters batched + alarms)', value: round(lineMs, 3), unit: 'ms', target: '<= 0.1', ok: lineMs <= 0.1 },
      { name: 'NG strip: small NG thumbnail (160 px JPEG) CPU per NG frame', value: round(thumbMs, 3), unit: 'ms', target: '<= 1', ok: thumbMs <= 1 },
      { name: 'NG strip: NG event size as JSON (thumbnail + thinned outlines)', value: round(kb, 1), unit: 'KB', target: '<= 16', ok: kb <= 16 },
      { name: 'NG strip: NG event JSON serialisation CPU per NG frame', value: round(jsonMs, 3), unit: 'ms', target: '<= 0.2', ok: jsonMs <= 0.2 },
      { name: 'production: engine frame-loop work CPU per frame (counting, alarms, NG event + thumbnail), well under 1 ms', value: round(liveMs, 3), unit: 'ms', target: '<= 0.5', ok: liveMs <= 0.5 },
    ];
  } finally {
    production.close();
    for (const f of frames) f.image.release();
    rmSync(dir, { recursive: true, force: true });
  }
}

const suite: BenchSuite = { name: 'production-line', run };
export default suite;
