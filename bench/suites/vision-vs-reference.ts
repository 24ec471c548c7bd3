// The engine's basic vision work against plain C++ OpenCV (the native floor) and
// Python OpenCV (what users would otherwise write), on the same frames with the
// same threshold, timed the same way. The runs are interleaved over several
// rounds and the medians taken, because a shared 2-core machine is noisy: a burst
// of load then hurts every implementation alike instead of one.
import { join } from 'node:path';
import { availableParallelism, loadavg } from 'node:os';
import type { BenchRow, BenchSuite } from '../bench-row.js';
import { ensureBenchFrames } from '../lib/make-frames.js';
import { CACHE_DIR } from '../lib/paths.js';
import { buildCppReference, runCppReference, runEngineBasic, runEngineFull, runPythonReference, type ReferenceReport } from '../lib/reference-runner.js';
import { median, round } from '../lib/stats.js';
import type { WorkTotals } from '../lib/basic-work.js';

const THRESHOLD = 127;
// Many short rounds interleave the three implementations finely, so load that
// comes and goes lands on all of them instead of on whichever ran at the time.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 30);
const FULL_REPEAT = 10;

type Totals = WorkTotals;

const fromReport = (r: ReferenceReport): Totals => ({
  objects: r.objects,
  area_total: r.area_total,
  perimeter_total: r.perimeter_total,
  circularity_sum: r.circularity_sum,
  pixels_on: r.pixels_on,
  mean: r.mean_intensity_avg,
});

/** Equal within the references' printed rounding (area/perimeter to 0.1, circularity/mean to 1e-4). */
function sameWork(a: Totals, b: Totals): boolean {
  return (
    a.objects === b.objects &&
    a.pixels_on === b.pixels_on &&
    Math.abs(a.area_total - b.area_total) <= 0.05 + 1e-9 &&
    Math.abs(a.perimeter_total - b.perimeter_total) <= 0.05 + 1e-6 &&
    Math.abs(a.circularity_sum - b.circularity_sum) <= 5e-5 + 1e-9 &&
    Math.abs(a.mean - b.mean) <= 5e-5 + 1e-9
  );
}

function printTotals(rows: [string, Totals][]): void {
  const keys: (keyof Totals)[] = ['objects', 'area_total', 'perimeter_total', 'circularity_sum', 'pixels_on', 'mean'];
  const digits: Record<keyof Totals, number> = { objects: 0, area_total: 1, perimeter_total: 1, circularity_sum: 4, pixels_on: 0, mean: 4 };
  console.log('\nwork totals (first pass over the frames):');
  console.log(['impl'.padEnd(10), ...keys.map((k) => k.padStart(16))].join(''));
  for (const [name, t] of rows) console.log([name.padEnd(10), ...keys.map((k) => t[k].toFixed(digits[k]).padStart(16))].join(''));
}

const suite: BenchSuite = {
  name: 'vision-vs-reference',
  async run(): Promise<BenchRow[]> {
    const load = loadavg()[0];
    if (load > availableParallelism() * 0.75) {
      console.log(`warning: load average ${load.toFixed(1)} on ${availableParallelism()} cores; timings and ratios will be noisy`);
    }
    const framePaths = ensureBenchFrames(join(CACHE_DIR, 'frames'));
    buildCppReference();
    const work = { frames: framePaths, threshold: THRESHOLD, repeat: REPEAT };

    // Each implementation runs in its own process, started the way it would be in use.
    const engine: ReferenceReport[] = [];
    const cpp: ReferenceReport[] = [];
    const python: ReferenceReport[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      engine.push(runEngineBasic(work));
      cpp.push(runCppReference(work));
      python.push(runPythonReference(work));
    }
    const engineMs = median(engine.map((e) => e.ms_per_frame_median));
    const cppMs = median(cpp.map((c) => c.ms_per_frame_median));
    const pythonMs = median(python.map((p) => p.ms_per_frame_median));

    const engineTotals = fromReport(engine[0]);
    const cppTotals = fromReport(cpp[0]);
    const pythonTotals = fromReport(python[0]);
    printTotals([
      ['engine', engineTotals],
      ['c++', cppTotals],
      ['python', pythonTotals],
    ]);
    console.log(
      `per-round medians (ms/frame): engine ${engine.map((e) => e.ms_per_frame_median.toFixed(3)).join(' ')} | ` +
        `c++ ${cpp.map((c) => c.ms_per_frame_median.toFixed(3)).join(' ')} | python ${python.map((p) => p.ms_per_frame_median.toFixed(3)).join(' ')}\n`,
    );
    const equal = sameWork(engineTotals, cppTotals) && sameWork(engineTotals, pythonTotals);

    const fullMs = runEngineFull({ ...work, repeat: FULL_REPEAT }).ms_per_frame_median;
    const engineVsCpp = engineMs / cppMs;
    const engineVsPython = engineMs / pythonMs;
    // The fastest frame is what the code costs when nothing else competes for the core.
    const engineMin = Math.min(...engine.map((e) => e.ms_per_frame_min));
    const cppMin = Math.min(...cpp.map((c) => c.ms_per_frame_min));
    return [
      { name: 'work-equal (engine = c++ = python)', value: equal ? 1 : 0, unit: 'bool', target: '= 1', ok: equal },
      { name: 'basic work: engine', value: round(engineMs, 4), unit: 'ms/frame', target: 'informational', ok: true },
      { name: 'basic work: c++ reference', value: round(cppMs, 4), unit: 'ms/frame', target: 'informational', ok: true },
      { name: 'basic work: python reference', value: round(pythonMs, 4), unit: 'ms/frame', target: 'informational', ok: true },
      { name: 'ratio engine / c++', value: round(engineVsCpp, 3), unit: '×', target: '<= 1.25', ok: engineVsCpp <= 1.25 },
      { name: 'ratio engine / c++ (fastest frame)', value: round(engineMin / cppMin, 3), unit: '×', target: 'informational', ok: true },
      { name: 'ratio engine / python', value: round(engineVsPython, 3), unit: '×', target: '< 1', ok: engineVsPython < 1 },
      { name: 'full inspectImage (default recipe)', value: round(fullMs, 3), unit: 'ms/frame', target: '<= 15', ok: fullMs <= 15 },
    ];
  },
};

export default suite;
