// Times the engine's basic work in-process the way the references time theirs:
// frames decoded up front (decode excluded), one clock read either side of each
// frame, the median over all frames × repeats.
import type { Mat, OpenCV } from '../../src-engine/opencv.js';
import { basicWork, type WorkTotals } from './basic-work.js';
import { median } from './stats.js';

export interface EngineTiming extends WorkTotals {
  ms_per_frame_median: number;
  ms_per_frame_min: number;
  /** Process CPU time (all threads) over the timed frames, per frame. */
  cpu_ms_per_frame: number;
}

export function timeEngineBasic(cv: OpenCV, frames: Mat[], threshold: number, repeat: number): EngineTiming {
  const ms: number[] = [];
  const totals: WorkTotals = { objects: 0, area_total: 0, perimeter_total: 0, circularity_sum: 0, pixels_on: 0, mean: 0 };
  const cpuFrom = process.cpuUsage();
  for (let r = 0; r < repeat; r++) {
    for (const frame of frames) {
      const t0 = performance.now();
      const w = basicWork(cv, frame, threshold);
      const t1 = performance.now();
      ms.push(t1 - t0);
      if (r === 0) {
        totals.objects += w.objects;
        totals.area_total += w.area_total;
        totals.perimeter_total += w.perimeter_total;
        totals.circularity_sum += w.circularity_sum;
        totals.pixels_on += w.pixels_on;
        totals.mean += w.mean;
      }
    }
  }
  const cpu = process.cpuUsage(cpuFrom);
  totals.mean /= frames.length; // the references report the average mean intensity
  return { ...totals, ms_per_frame_median: median(ms), ms_per_frame_min: Math.min(...ms), cpu_ms_per_frame: (cpu.user + cpu.system) / 1000 / ms.length };
}
