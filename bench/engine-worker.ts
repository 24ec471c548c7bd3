// The engine's side of vision-vs-reference, as its own process like the C++ and
// Python references: same arguments, same one-line JSON report. Running it in a
// process started the way engine processes are started (ENGINE_MALLOC_ENV) keeps
// the comparison about the code, not about the benchmark runner's heap.
//
// Use: node --import tsx bench/engine-worker.ts [--work basic|full] [--repeat N] [--threshold T] IMAGE...
//   basic: the same work as ref_pipeline.cpp (totals reported for the equal-work check)
//   full:  the whole inspectImage pipeline with the default recipe (time only)
// Both also report cpu_ms_per_frame: the process's CPU time over the timed frames
// (all its threads, GC included) per frame, which time spent waiting for a core
// on a loaded machine does not inflate.
import { opencv, type Mat } from '../src-engine/opencv.js';
import { loadRecipeFile } from '../src-engine/recipes/load-recipe-file.js';
import { defaultRecipePath } from '../src-engine/recipes/recipe-paths.js';
import { inspectImage } from '../src-engine/vision/inspect-image.js';
import { timeEngineBasic } from './lib/engine-timing.js';
import { median } from './lib/stats.js';

function timeFullInspection(frames: Mat[], repeat: number): { median: number; min: number; cpu: number } {
  const recipe = loadRecipeFile(defaultRecipePath());
  if (!recipe.ok) throw new Error(`default recipe: ${recipe.error.message}`);
  const ms: number[] = [];
  let seq = 0;
  let cpuFrom = process.cpuUsage();
  for (let r = 0; r < repeat + 1; r++) {
    if (r === 1) cpuFrom = process.cpuUsage();
    for (const image of frames) {
      const t0 = performance.now();
      inspectImage(image, recipe.value, { seq: seq++, timestampMs: Date.now() });
      if (r > 0) ms.push(performance.now() - t0); // the first pass warms the JIT
    }
  }
  const cpu = process.cpuUsage(cpuFrom);
  return { median: median(ms), min: Math.min(...ms), cpu: (cpu.user + cpu.system) / 1000 / ms.length };
}

function main(argv: string[]): number {
  let repeat = 20;
  let threshold = 127;
  let work = 'basic';
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--repeat') repeat = Number(argv[++i]);
    else if (argv[i] === '--threshold') threshold = Number(argv[++i]);
    else if (argv[i] === '--work') work = argv[++i];
    else paths.push(argv[i]);
  }
  const cv = opencv(); // one OpenCV thread, like the references
  const frames = paths.map((p) => cv.imread(p, cv.IMREAD_GRAYSCALE));
  if (frames.length === 0 || frames.some((f) => f.empty) || !(repeat >= 1) || (work !== 'basic' && work !== 'full')) {
    process.stderr.write('usage: engine-worker [--work basic|full] [--repeat N] [--threshold T] IMAGE...\n');
    return 2;
  }
  const { major, minor, revision } = cv.version;
  const impl = `engine-opencv4nodejs-${major}.${minor}.${revision}`;
  if (work === 'full') {
    const t = timeFullInspection(frames, repeat);
    process.stdout.write(JSON.stringify({ impl, work, frames: frames.length, repeat, ms_per_frame_median: t.median, ms_per_frame_min: t.min, cpu_ms_per_frame: t.cpu }) + '\n');
    return 0;
  }
  timeEngineBasic(cv, frames, threshold, 3); // let the JIT compile the loop before timing it
  const t = timeEngineBasic(cv, frames, threshold, repeat);
  process.stdout.write(
    JSON.stringify({
      impl,
      work,
      frames: frames.length,
      repeat,
      ms_per_frame_median: t.ms_per_frame_median,
      ms_per_frame_min: t.ms_per_frame_min,
      cpu_ms_per_frame: t.cpu_ms_per_frame,
      objects: t.objects,
      area_total: t.area_total,
      perimeter_total: t.perimeter_total,
      circularity_sum: t.circularity_sum,
      pixels_on: t.pixels_on,
      mean_intensity_avg: t.mean,
    }) + '\n',
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));
