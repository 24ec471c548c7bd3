// Live view, end to end: synthetic 1280×1024 frames at 30 fps through the real
// engine process, the web host's WebSocket bridge, into a headless Chromium page
// running the built renderer. Latency is capture (engine clock, capturedAtMs) to
// overlay painted (the animation frame after the DOM update; same machine, same
// clock), read from the page's probe (?probe=1). Main-thread busy share and JS
// heap come from the Chrome DevTools Protocol. Duration: LOUPE_BENCH_LIVE_SECONDS
// (default 60) for each of three stretches: quiet, with one core kept busy by
// another program ("under load"), and with a model judging beside the rules.
import { loadavg } from 'node:os';
import type { CDPSession } from '@playwright/test';
import type { BenchRow, BenchSuite } from '../bench-row.js';
import { ownCpuSeconds, treeCpuSeconds } from '../lib/process-cpu.js';
import { startLiveStack } from '../lib/live-stack.js';
import type { EngineStatus } from '../../src-shared/events.js';
import { join } from 'node:path';
import { startCpuHog } from '../lib/cpu-hog.js';
import { writeUntrainedBundle } from '../lib/untrained-bundle.js';
import { NG_STRIP_MAX_ENTRIES } from '../../src-renderer/lib/ng-strip-buffer.js';

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

/** What one measured stretch of the running line saw. */
interface Phase {
  wallS: number;
  inspected: number;
  expected: number;
  probe: ProbeReading;
  busyShare: number;
  cpuPerFrame: (k: keyof CpuSplit) => number;
  cpuShare: number;
  load: number;
  maxInFlight: number;
  previewsDropped: number;
  status: EngineStatus;
}

/** Runs the (already running) line for SECONDS with the page's probe reset at the start. */
async function measure(stack: Awaited<ReturnType<typeof startLiveStack>>, cdp: CDPSession, label: string): Promise<Phase> {
  const { engine, host, page, request } = stack;
  await page.evaluate(() => (window as unknown as ProbeWindow).loupeProbe.reset());
  const startStatus = await request<EngineStatus>('status.get');
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
  const endStatus = await request<EngineStatus>('status.get');
  const inspected = endStatus.counters.frames - startStatus.counters.frames;
  const cpuPerFrame = (k: keyof CpuSplit) => (cpu0 && cpu1 && inspected > 0 ? (1000 * (cpu1[k] - cpu0[k])) / inspected : Number.NaN);
  const phase: Phase = {
    wallS,
    inspected,
    expected: Math.round(wallS * FPS),
    probe,
    busyShare: (100 * (m1.TaskDuration - m0.TaskDuration)) / (m1.Timestamp - m0.Timestamp),
    cpuPerFrame,
    cpuShare: cpu0 && cpu1 ? (100 * (cpu1.total - cpu0.total)) / wallS : Number.NaN,
    load: loadSum / Math.max(1, loadSamples),
    maxInFlight,
    previewsDropped: endStatus.counters.previewsDropped - startStatus.counters.previewsDropped,
    status: endStatus,
  };
  console.log(
    `live-latency (${label}): ${wallS.toFixed(0)} s, ${inspected} frames inspected, ${probe.painted} painted, p50 ${probe.latencyP50} ms, p95 ${probe.latencyP95} ms, ` +
      `max ${r1(probe.latencyMax)} ms, sent→painted p50 ${probe.deliveryP50} p95 ${probe.deliveryP95} ms, transit p95 ${probe.transitP95} ms, ` +
      `in page p50/p95: wait ${probe.stages.waitMs.p50}/${probe.stages.waitMs.p95}, decode ${probe.stages.decodeMs.p50}/${probe.stages.decodeMs.p95}, show ${probe.stages.showMs.p50}/${probe.stages.showMs.p95} ms, main thread ${r1(phase.busyShare)} %, CPU ms/frame engine ${r1(cpuPerFrame('engine'))} host ${r1(cpuPerFrame('host'))} Chromium ${r1(cpuPerFrame('browser'))}, load avg ${r1(phase.load)}`,
  );
  return phase;
}

const paintedFps = (p: Phase) => p.probe.painted / p.wallS;
const lost = (p: Phase) => Math.max(0, p.expected - p.inspected);
const p95 = (p: Phase) => p.probe.latencyP95 ?? Number.NaN;

/**
 * The honest display's targets (issue: the line at line rate): inspection never
 * waits for the display, which paints the newest frame at whatever rate the
 * machine allows. Quiet: p95 ≤ 50 ms and ≥ 25 fps painted. With one core kept
 * busy by another program: p95 ≤ 60 ms, ≥ 15 fps painted, no inspection lost.
 */
function displayRows(quiet: Phase, loaded: Phase): BenchRow[] {
  return [
    row('live latency p95 (capture → painted), quiet', p95(quiet), 'ms', '<= 50', p95(quiet) <= 50),
    row('painted fps, quiet', paintedFps(quiet), 'fps', '>= 25', paintedFps(quiet) >= 25),
    row('inspecting fps, quiet', quiet.inspected / quiet.wallS, 'fps', `>= ${(FPS * 0.97).toFixed(1)}`, quiet.inspected / quiet.wallS >= FPS * 0.97),
    row('live latency p95 (capture → painted), under load', p95(loaded), 'ms', '<= 60', p95(loaded) <= 60),
    row('painted fps, under load', paintedFps(loaded), 'fps', '>= 15', paintedFps(loaded) >= 15),
    row('inspections lost, under load (frames the 30 fps line produced and the engine did not inspect)', lost(loaded), 'frames', '0', lost(loaded) === 0),
    row('load average, under load', loaded.load, '', 'report', true),
  ];
}

/** JS heap after GC: at the start and end of the quiet phase, and after the loaded one. */
interface HeapReadings {
  start: number;
  quietEnd: number;
  loadedEnd: number;
  /** NG strip entries at the end of the quiet phase, and its cap. */
  stripShown: number;
}

function detailRows(p: Phase, heap: HeapReadings, bridge: ReturnType<LiveStackHost['bridge']['stats']>): BenchRow[] {
  const { probe } = p;
  const notPainted = p.inspected > 0 ? (100 * Math.max(0, p.inspected - probe.painted)) / p.inspected : 100;
  const resultsLost = probe.framesReceived > 0 ? (100 * probe.seqGaps) / (probe.framesReceived + probe.seqGaps) : 100;
  const fillMb = (heap.quietEnd - heap.start) / 1e6;
  // Growth once the bounded buffers (NG strip, trends, SPC) are full: what a leak would show.
  const heapGrowthMb = (heap.loadedEnd - heap.quietEnd) / 1e6;
  return [
    row('latency p50 (capture → overlay painted)', probe.latencyP50 ?? Number.NaN, 'ms', 'report', probe.latencyP50 !== null),
    row('engine part: capture → sent (p50, from the engine clock)', (probe.latencyP50 ?? NaN) - (probe.deliveryP50 ?? NaN), 'ms', 'report', true),
    row('host + renderer part: sent → overlay painted p50', probe.deliveryP50 ?? Number.NaN, 'ms', 'report', probe.deliveryP50 !== null),
    row('host + renderer part: sent → overlay painted p95', probe.deliveryP95 ?? Number.NaN, 'ms', '<= 25', (probe.deliveryP95 ?? Infinity) <= 25),
    row('transport: sent → page received p95', probe.transitP95 ?? Number.NaN, 'ms', 'report', probe.transitP95 !== null),
    row('in page: arrived → taken up by the painter p95', probe.stages.waitMs.p95 ?? Number.NaN, 'ms', 'report', true),
    row('in page: decode p95', probe.stages.decodeMs.p95 ?? Number.NaN, 'ms', 'report', true),
    row('in page: decoded → on screen p95', probe.stages.showMs.p95 ?? Number.NaN, 'ms', 'report', true),
    // Replaced as a target by the painted-fps rows: the display paints the newest frame at the rate it can.
    row('frames inspected but never painted', notPainted, '%', 'report', true),
    row('results lost on the way to the page', resultsLost, '%', '<= 1', resultsLost <= 1),
    row('renderer main thread busy', p.busyShare, '%', '<= 50', p.busyShare <= 50),
    row('CPU per frame: engine process', p.cpuPerFrame('engine'), 'ms', 'report', true),
    row('CPU per frame: web host (bridge)', p.cpuPerFrame('host'), 'ms', 'report', true),
    row('CPU per frame: Chromium (all its processes)', p.cpuPerFrame('browser'), 'ms', 'report', true),
    row('CPU in use, all of the above', p.cpuShare, '% of one core', 'report', true),
    row('JS heap at start (after GC)', heap.start / 1e6, 'MB', 'report', true),
    row(`JS heap while the NG strip fills (to ${heap.stripShown} of ${NG_STRIP_MAX_ENTRIES} frames) and the trends fill`, fillMb, 'MB', 'report', true),
    row('JS heap at end (after GC)', heap.loadedEnd / 1e6, 'MB', 'report', true),
    row('JS heap growth over the run, once the NG strip and trends are full', heapGrowthMb, 'MB', '<= 2', heapGrowthMb <= 2),
    row('engine previews withheld (latest-wins, engine side)', p.previewsDropped, 'count', 'report', true),
    row('bridge previews withheld (socket backed up / client painting)', bridge.previewsWithheld, 'count', 'report', true),
    row('bridge frames skipped (socket far behind)', bridge.framesSkipped, 'count', '0', bridge.framesSkipped === 0),
    row('WebSocket send queue max', bridge.maxBufferedAmount / 1024, 'KiB', '<= 128', bridge.maxBufferedAmount <= 128 * 1024),
    row('requests in flight through the bridge (max)', p.maxInFlight, 'count', '<= 2', p.maxInFlight <= 2),
  ];
}

type LiveStackHost = Awaited<ReturnType<typeof startLiveStack>>['host'];

const MODEL = 'bench-cnn-small';

async function run(): Promise<BenchRow[]> {
  const stack = await startLiveStack({ fps: FPS, prepareDataDir: (dir) => writeUntrainedBundle(join(dir, 'models'), MODEL).then(() => undefined) });
  const { page, request } = stack;
  try {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });

    await request('run.start');
    await page.waitForTimeout(WARMUP_MS);
    const heapStart = await heapAfterGc(cdp);
    const quiet = await measure(stack, cdp, 'quiet');
    const heapQuietEnd = await heapAfterGc(cdp);
    const stripShown = Number(await page.getByTestId('ng-strip').getAttribute('data-shown'));
    const bridge = stack.host.bridge.stats();

    const hog = startCpuHog();
    let loaded: Phase;
    try {
      await page.waitForTimeout(WARMUP_MS);
      loaded = await measure(stack, cdp, 'under load: one core kept busy by another program');
    } finally {
      await hog.stop();
    }
    const heap: HeapReadings = { start: heapStart, quietEnd: heapQuietEnd, loadedEnd: await heapAfterGc(cdp), stripShown };

    // A model judging every part beside the rules (the synthetic line draws 12 parts per frame on average).
    await request('model.load', { name: MODEL });
    await page.waitForTimeout(WARMUP_MS);
    const withModel = await measure(stack, cdp, 'with a model loaded');
    await request('run.stop');
    const inferenceMs = withModel.status.model?.meanInferenceMs ?? Number.NaN;

    return [
      ...displayRows(quiet, loaded),
      row('live latency p95 with a model loaded', p95(withModel), 'ms', '<= 50', p95(withModel) <= 50),
      row(
        `model inference ms per live frame with 12 parts (cnn-small on ${withModel.status.model?.backend ?? 'no backend'}: crops + forward pass)`,
        inferenceMs,
        'ms',
        'report',
        Number.isFinite(inferenceMs),
      ),
      ...detailRows(quiet, heap, bridge),
    ];
  } finally {
    await stack.close();
  }
}

const suite: BenchSuite = { name: 'live-latency', run };
export default suite;
