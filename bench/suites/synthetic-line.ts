// What the synthetic line costs the engine per frame: it stands in for a camera,
// which delivers frames for free, so its CPU time is taken from the budget the
// live figures see (at 30 fps every millisecond here is 3 % of a core).
import type { BenchRow, BenchSuite } from '../bench-row.js';
import { round } from '../lib/stats.js';
import { SyntheticLine } from '../../src-engine/sources/synthetic/synthetic-line.js';
import { SyntheticSourceSchema } from '../../src-shared/sources.js';

const FRAMES = 120;

async function run(): Promise<BenchRow[]> {
  const line = new SyntheticLine(SyntheticSourceSchema.parse({ kind: 'synthetic', seed: 7, width: 1280, height: 1024 }));
  for (let f = 0; f < 10; f++) line.render(f).image.release(); // warm up the JIT
  const cpu = process.cpuUsage();
  for (let f = 10; f < 10 + FRAMES; f++) line.render(f).image.release();
  const used = process.cpuUsage(cpu);
  const ms = (used.user + used.system) / 1000 / FRAMES;
  console.log(`synthetic-line: ${round(ms, 2)} ms CPU per 1280×1024 frame`);
  return [{ name: 'synthetic line: CPU per 1280×1024 frame', value: round(ms, 2), unit: 'ms', target: '<= 10', ok: ms <= 10 }];
}

const suite: BenchSuite = { name: 'synthetic-line', run };
export default suite;
