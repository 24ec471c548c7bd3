// The run monitor in Chromium, end to end: 4 runs of 100,000 points each are
// written as event files with the runs library's writer, the run monitor's own
// process watches them (as the web host runs it), and the built renderer shows
// them overlaid on one chart in headless Chromium. The synthetic line is open
// but not started; the Live view is unmounted while Training is shown, so a
// running line would cost the page only its results' bookkeeping (measured:
// about 0.7 ms a frame, no picture decoded or painted).
// - Longest frame while zooming and panning: requestAnimationFrame deltas in the
//   page while the mouse wheel zooms in and out and drags pan the chart.
// - Scalar appended → on the chart: a point is appended to one of the runs'
//   files and flushed; the time until the chart holds it and the next frame is
//   painted (Date.now() on both sides: same machine, same clock). Worst of N.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchRow, BenchSuite } from '../bench-row.js';
import { attachWorkbench, startLiveStack } from '../lib/live-stack.js';
import { EventFileWriter } from '../../src-engine/runs/index.js';

const RUNS = 4;
const POINTS = 100_000;
const APPENDS = 10;
const TAG = 'batch_loss';

const r1 = (v: number) => Math.round(v * 10) / 10;
const row = (name: string, value: number, unit: string, target: string, ok: boolean): BenchRow => ({ name, value: r1(value), unit, target, ok });

function writeRun(dir: string, seed: number): EventFileWriter {
  const opened = EventFileWriter.open(dir);
  if (!opened.ok) throw new Error(opened.error.message);
  const w = opened.value;
  // A noisy decaying loss, like a real run's per-batch curve.
  let x = seed;
  for (let step = 0; step < POINTS; step++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const noise = (x / 2147483648 - 0.5) * 0.2;
    const r = w.addScalar(TAG, Math.exp(-step / 30_000) * (1 + seed / 10) + noise, step, 1_700_000_000 + step * 0.05);
    if (!r.ok) throw new Error(r.error.message);
  }
  const flushed = w.flush();
  if (!flushed.ok) throw new Error(flushed.error.message);
  return w;
}

const suite: BenchSuite = {
  name: 'monitor-chart',
  async run() {
    const dataDir = mkdtempSync(join(tmpdir(), 'loupe-bench-monitor-'));
    const writers = Array.from({ length: RUNS }, (_, i) => writeRun(join(dataDir, 'runs', `run-${i}`), i));
    const stack = await startLiveStack({ fps: 30 });
    const workbench = await attachWorkbench(stack, dataDir);
    try {
      const { page } = stack;
      await page.keyboard.press('F2');
      const chart = page.locator(`[data-testid="monitor-chart"][data-metric="loss"]`);
      await chart.waitFor({ timeout: 60_000 });
      await page
        .waitForFunction((n) => Number(document.querySelector('[data-testid="monitor-chart"][data-metric="loss"]')?.getAttribute('data-points')) === n, RUNS * POINTS, { timeout: 120_000 })
        .catch(async (err: Error) => {
          const shown = await chart.getAttribute('data-points');
          const banner = await page.getByTestId('error-message').allTextContents();
          throw new Error(`the chart never held every point (${shown} of ${RUNS * POINTS}; errors: ${banner.join('; ') || 'none'}): ${err.message}`);
        });
      await page.waitForTimeout(1000);
      const drawn = await chart.getAttribute('data-drawn');

      // Zoom and pan with the mouse, as a person would, while the page records every frame's start.
      const box = (await chart.locator('canvas').boundingBox())!;
      const cx = box.x + box.width / 2;
      const cy = box.y + box.height / 2;
      await page.evaluate(() => {
        const w = window as unknown as { frameDeltas: number[]; stopFrames: boolean };
        w.frameDeltas = [];
        w.stopFrames = false;
        let last = performance.now();
        const tick = (t: number) => {
          w.frameDeltas.push(t - last);
          last = t;
          if (!w.stopFrames) requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
      await page.mouse.move(cx, cy);
      for (let i = 0; i < 12; i++) {
        await page.mouse.wheel(0, -120);
        await page.waitForTimeout(40);
      }
      for (let i = 0; i < 6; i++) {
        await page.mouse.move(cx, cy);
        await page.mouse.down();
        await page.mouse.move(cx - 120, cy + 10, { steps: 8 });
        await page.mouse.up();
        await page.waitForTimeout(40);
      }
      for (let i = 0; i < 12; i++) {
        await page.mouse.wheel(0, 120);
        await page.waitForTimeout(40);
      }
      const deltas = await page.evaluate(() => {
        const w = window as unknown as { frameDeltas: number[]; stopFrames: boolean };
        w.stopFrames = true;
        return w.frameDeltas.slice(1);
      });
      const longest = Math.max(...deltas);
      await chart.getByTestId('chart-reset-zoom').click();

      // Appends, each timed from the flush to the frame after the chart took the point.
      const latencies: number[] = [];
      for (let i = 0; i < APPENDS; i++) {
        const expected = RUNS * POINTS + i + 1;
        const seen = page.evaluate(
          (n) =>
            new Promise<number>((resolve) => {
              const el = document.querySelector('[data-testid="monitor-chart"][data-metric="loss"]')!;
              const observer = new MutationObserver(() => {
                if (Number(el.getAttribute('data-points')) < n) return;
                observer.disconnect();
                requestAnimationFrame(() => resolve(Date.now()));
              });
              observer.observe(el, { attributes: true, attributeFilter: ['data-points'] });
            }),
          expected,
        );
        await page.waitForTimeout(150 + ((i * 97) % 250)); // spread over the monitor's poll period
        const w = writers[i % RUNS];
        const t0 = Date.now();
        w.addScalar(TAG, 0.5, POINTS + Math.floor(i / RUNS), 1_700_000_000 + POINTS);
        w.flush();
        latencies.push((await seen) - t0);
      }
      const worst = Math.max(...latencies);
      const sorted = [...latencies].sort((a, b) => a - b);
      const top = [...deltas].sort((a, b) => b - a).slice(0, 5).map(r1);
      console.log(`  load ${loadavg()[0].toFixed(1)}; points handed to Chart.js for the whole runs: ${drawn}; frames: ${deltas.length}, longest ${top.join(', ')} ms; appends: median ${sorted[Math.floor(sorted.length / 2)]} ms, worst ${worst} ms`);
      return [
        row(`chart ${RUNS} runs × ${POINTS.toLocaleString('en-US')} points: longest frame while zooming and panning`, longest, 'ms', '<= 50', longest <= 50),
        row('scalar appended → on the chart', worst, 'ms', '<= 1000', worst <= 1000),
      ];
    } finally {
      for (const w of writers) w.close();
      await workbench.close();
      await stack.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};

export default suite;
