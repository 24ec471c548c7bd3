// Live view, end to end: synthetic 1280×1024 frames at 30 fps through the real
// engine process, the web host's WebSocket bridge, into a headless Chromium page
// running the built renderer. Latency is capture (engine clock, capturedAtMs) to
// overlay painted (the animation frame after the DOM update; same machine, same
// clock), read from the page's probe (?probe=1). Main-thread busy share and JS
// heap come from the Chrome DevTools Protocol. Duration: LOUPE_BENCH_LIVE_SECONDS
// (default 60).
import { loadavg } from 'node:os';
import type { CDPSession } from '@playwright/test';
import type { BenchRow, BenchSuite } from '../bench-row.js';
import { ownCpuSeconds, treeCpuSeconds } from '../lib/process-cpu.js';
import { startLiveStack } from '../lib/live-stack.js';
import type { EngineStatus } from '../../src-shared/events.js';

const SECONDS = Number(process.env.LOUPE_BENCH_LIVE_SECONDS ?? 60);
const WARMUP_MS = 4000;
const FPS = 30;

async function cdpMetrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

async function heapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdpMetrics(cdp)).JSHeapUsedSize;
}

/** What src-renderer/probe.ts installs on the page (the renderer's types are not part of the Node build). */
interface ProbeReading {
  framesReceived: number;
  seqGaps: number;
  painted: number;
  latencyP50: number | null;
  latencyP95: number | null;
  latencyMax: number;
  transitP95: number | null;
  deliveryP50: number | null;
  deliveryP95: number | null;
  stages: Record<'waitMs' | 'decodeMs' | 'showMs', { p50: number | null; p95: number | null }>;
}
type ProbeWindow = { loupeProbe: { read(): ProbeReading; reset(): void } };

const r1 = (v: number) => Math.round(v * 10) / 10;
const row = (name: string, value: number, unit: string, target: string, ok: boolean): BenchRow => ({ name, value: r1(value), unit, target, ok });

interface CpuSplit {
  engine: number;
  host: number;
  browser: number;
  total: number;
}

/**
 * CPU seconds so far of the engine's process tree, of this process (the web
 * host and its bridge run here) and of everything else below it (Chromium).
 */
function cpuSplit(enginePid: number | undefined): CpuSplit | null {
  const all = treeCpuSeconds(process.pid);
  const engine = enginePid === undefined ? null : treeCpuSeconds(enginePid);
  if (all === null || engine === null) return null;
  const host = ownCpuSeconds();
  return { engine, host, browser: all - engine - host, total: all };
}

async function run(): Promise<BenchRow[]> {
  const stack = await startLiveStack({ fps: FPS });
  const { engine, host, page, request } = stack;
  try {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });

    await request('run.start');
    await page.waitForTimeout(WARMUP_MS);
    const heapStart = await heapAfterGc(cdp);
    await page.evaluate(() => (window as unknown as ProbeWindow).loupeProbe.reset());
    const startStatus = await request<EngineStatus>('run.start'); // idempotent: returns the counters at the start of the window
    const m0 = await cdpMetrics(cdp);
    const cpu0 = cpuSplit(engine.child.pid);
    const t0 = performance.now();
    let maxInFlight = 0;
    let loadSum = 0;
    let loadSamples = 0;
    while (performance.now() - t0 < SECONDS * 1000) {
      await page.waitForTimeout(1000);
      maxInFlight = Math.max(maxInFlight, host.bridge.stats().requestsInFlight);
      loadSum += loadavg()[0];
      loadSamples++;
    }
    const m1 = await cdpMetrics(cdp);
    const cpu1 = cpuSplit(engine.child.pid);
    const wallS = (performance.now() - t0) / 1000;
    const probe = await page.evaluate(() => (window as unknown as ProbeWindow).loupeProbe.read());
    const endStatus = await request<EngineStatus>('run.stop');
    await page.waitForTimeout(500);
    const heapEnd = await heapAfterGc(cdp);
    const bridge = host.bridge.stats();

    const inspected = endStatus.counters.frames - startStatus.counters.frames;
    const expected = SECONDS * FPS;
    const busyShare = (100 * (m1.TaskDuration - m0.TaskDuration)) / (m1.Timestamp - m0.Timestamp);
    const notPainted = inspected > 0 ? (100 * Math.max(0, inspected - probe.painted)) / inspected : 100;
    const resultsLost = probe.framesReceived > 0 ? (100 * probe.seqGaps) / (probe.framesReceived + probe.seqGaps) : 100;
    const heapGrowthMb = (heapEnd - heapStart) / 1e6;
    /** CPU milliseconds per inspected frame, for one group of processes. */
    const cpuPerFrame = (k: keyof CpuSplit) => (cpu0 && cpu1 && inspected > 0 ? (1000 * (cpu1[k] - cpu0[k])) / inspected : Number.NaN);
    console.log(
      `live-latency: ${wallS.toFixed(0)} s, ${inspected} frames inspected, ${probe.painted} painted, p50 ${probe.latencyP50} ms, p95 ${probe.latencyP95} ms, ` +
        `max ${r1(probe.latencyMax)} ms, sent→painted p50 ${probe.deliveryP50} p95 ${probe.deliveryP95} ms, transit p95 ${probe.transitP95} ms, ` +
        `in page p50/p95: wait ${probe.stages.waitMs.p50}/${probe.stages.waitMs.p95}, decode ${probe.stages.decodeMs.p50}/${probe.stages.decodeMs.p95}, show ${probe.stages.showMs.p50}/${probe.stages.showMs.p95} ms, main thread ${r1(busyShare)} %, CPU ms/frame engine ${r1(cpuPerFrame('engine'))} host ${r1(cpuPerFrame('host'))} Chromium ${r1(cpuPerFrame('browser'))}, load avg ${r1(loadSum / Math.max(1, loadSamples))}`,
    );
    return [
      row('latency p50 (capture → overlay painted)', probe.latencyP50 ?? Number.NaN, 'ms', 'report', probe.latencyP50 !== null),
      row('latency p95 (capture → overlay painted)', probe.latencyP95 ?? Number.NaN, 'ms', '<= 50', (probe.latencyP95 ?? Infinity) <= 50),
      row('engine part: capture → sent (p50, from the engine clock)', (probe.latencyP50 ?? NaN) - (probe.deliveryP50 ?? NaN), 'ms', 'report', true),
      row('host + renderer part: sent → overlay painted p50', probe.deliveryP50 ?? Number.NaN, 'ms', 'report', probe.deliveryP50 !== null),
      row('host + renderer part: sent → overlay painted p95', probe.deliveryP95 ?? Number.NaN, 'ms', '<= 25', (probe.deliveryP95 ?? Infinity) <= 25),
      row('transport: sent → page received p95', probe.transitP95 ?? Number.NaN, 'ms', 'report', probe.transitP95 !== null),
      row('in page: arrived → taken up by the painter p95', probe.stages.waitMs.p95 ?? Number.NaN, 'ms', 'report', true),
      row('in page: decode p95', probe.stages.decodeMs.p95 ?? Number.NaN, 'ms', 'report', true),
      row('in page: decoded → on screen p95', probe.stages.showMs.p95 ?? Number.NaN, 'ms', 'report', true),
      row('frames inspected per second', inspected / wallS, 'fps', `>= ${(FPS * 0.97).toFixed(1)}`, inspected / wallS >= FPS * 0.97),
      row('frames not inspected at 30 fps (engine behind)', (100 * Math.max(0, expected - inspected)) / expected, '%', '<= 1', expected - inspected <= expected * 0.01),
      row('frames dropped (inspected, overlay never painted)', notPainted, '%', '<= 1', notPainted <= 1),
      row('results lost on the way to the page', resultsLost, '%', '<= 1', resultsLost <= 1),
      row('renderer main thread busy', busyShare, '%', '<= 50', busyShare <= 50),
      row('CPU per frame: engine process', cpuPerFrame('engine'), 'ms', 'report', true),
      row('CPU per frame: web host (bridge)', cpuPerFrame('host'), 'ms', 'report', true),
      row('CPU per frame: Chromium (all its processes)', cpuPerFrame('browser'), 'ms', 'report', true),
      row('CPU in use, all of the above', cpu0 && cpu1 ? (100 * (cpu1.total - cpu0.total)) / wallS : Number.NaN, '% of one core', 'report', true),
      row('JS heap at start (after GC)', heapStart / 1e6, 'MB', 'report', true),
      row('JS heap at end (after GC)', heapEnd / 1e6, 'MB', 'report', true),
      row('JS heap growth over the run', heapGrowthMb, 'MB', '<= 2', heapGrowthMb <= 2),
      row('engine previews withheld (latest-wins, engine side)', endStatus.counters.previewsDropped - startStatus.counters.previewsDropped, 'count', 'report', true),
      row('bridge previews withheld (socket backed up / client painting)', bridge.previewsWithheld, 'count', 'report', true),
      row('bridge frames skipped (socket far behind)', bridge.framesSkipped, 'count', '0', bridge.framesSkipped === 0),
      row('WebSocket send queue max', bridge.maxBufferedAmount / 1024, 'KiB', '<= 128', bridge.maxBufferedAmount <= 128 * 1024),
      row('requests in flight through the bridge (max)', maxInFlight, 'count', '<= 2', maxInFlight <= 2),
    ];
  } finally {
    await stack.close();
  }
}

const suite: BenchSuite = { name: 'live-latency', run };
export default suite;
