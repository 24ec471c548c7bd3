// Live run state: the engine's status and counters, the newest inspection
// result, the preview waiting to be painted and the figures derived from them.
// Results arrive up to 30 times a second with hundreds of outline points, so
// they are held in shallowRefs and frozen with markRaw: Vue tracks the swap,
// never the contents.
import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import type { EngineStatus, FrameEvent, LogEvent } from '../../src-shared/events.js';
import type { FrameResult } from '../../src-shared/inspection.js';
import type { SourceSpecInput } from '../../src-shared/sources.js';
import { RateMeter, RollingWindow } from '../lib/rolling-stats.js';
import { Histogram } from '../lib/histogram.js';
import { ModelVerdicts } from '../lib/model-verdicts.js';
import type { ModelVerdictEvent } from '../../src-shared/model-contract.js';
import { useLoupeClient } from '../client/client-key.js';
import { callEngine } from './request.js';
import { useErrorsStore } from './errors.js';
import { useTrendsStore } from './trends.js';

/** How often the per-part table may re-render: 30 table rebuilds a second help nobody read it. */
export const TABLE_REFRESH_MS = 200;

/** A preview handed to the painter together with the result it belongs to. */
export interface PendingPreview {
  event: FrameEvent;
  receivedAtMs: number;
}

/** Where a painted preview's time went inside the page (ms), for the benchmark's breakdown. */
export interface PaintStages {
  /** Arrived → taken up by the painter (it was busy with the previous one). */
  waitMs: number;
  /** Taken up → decoded bitmap ready. */
  decodeMs: number;
  /** Decoded → picture and overlay on screen (DOM update, next animation frame). */
  showMs: number;
}

export const useLiveStore = defineStore('live', () => {
  const client = useLoupeClient();
  const errors = useErrorsStore();
  const trends = useTrendsStore();

  const status = shallowRef<EngineStatus | null>(null);
  const connected = ref(false);
  /** Bumped on every successful hello: a (re)connected engine has forgotten the view size. */
  const connectionEpoch = ref(0);
  /** Newest result (every frame); drives the table (throttled) and trends. */
  const latest = shallowRef<FrameResult | null>(null);
  const tableResult = shallowRef<FrameResult | null>(null);
  /** Result whose preview is on screen: the overlay must match the picture, not the newest frame. */
  const shown = shallowRef<FrameResult | null>(null);
  /** Set when a preview arrives; the painter takes it, paints it, then calls previewPainted. */
  const pendingPreview = shallowRef<PendingPreview | null>(null);
  const framesReceived = ref(0);
  const seqGaps = ref(0);
  const lastLog = shallowRef<LogEvent | null>(null);

  // Plain (non-reactive) accumulators; `figures` republishes them at the table rate.
  const processing = new RollingWindow(150);
  const latency = new RollingWindow(300);
  const displayRate = new RateMeter(2000);
  /** Since the last probe reset: whole-run percentiles for benchmarks, not just the recent window. */
  const latencyAll = new Histogram(2000);
  /** The host's share of it: engine sent → page received, and engine sent → painted. */
  const transitAll = new Histogram(2000);
  const deliveryAll = new Histogram(2000);
  const stageAll = { waitMs: new Histogram(2000), decodeMs: new Histogram(2000), showMs: new Histogram(2000) };
  let paintedTotal = 0;
  const figures = shallowRef({ processingMs: null as number | null, latencyP50: null as number | null, latencyP95: null as number | null, displayFps: 0 });
  let lastTableAtMs = 0;
  let trailing: ReturnType<typeof setTimeout> | null = null;
  let lastSeq: number | null = null;
  const verdicts = new ModelVerdicts();

  const running = computed(() => status.value?.running ?? false);
  const counters = computed(() => status.value?.counters ?? null);
  /** Share of OK parts (the figure a line is judged by), or null before the first part. */
  const partYieldPct = computed(() => {
    const c = counters.value;
    const parts = c ? c.objectsOk + c.objectsNg : 0;
    return c && parts > 0 ? (100 * c.objectsOk) / parts : null;
  });
  /** Share of frames with every part (and the frame checks) OK. */
  const frameYieldPct = computed(() => {
    const c = counters.value;
    return c && c.frames > 0 ? (100 * c.framesOk) / c.frames : null;
  });

  function ingestFrame(event: FrameEvent): void {
    const now = Date.now();
    const result = markRaw(event.result);
    framesReceived.value++;
    if (lastSeq !== null && result.seq > lastSeq + 1) seqGaps.value += result.seq - lastSeq - 1;
    lastSeq = result.seq;
    latest.value = result;
    const ms = (result.metrics as Record<string, number>).processingMs;
    if (ms !== undefined) processing.push(ms);
    trends.ingest(result, now);
    transitAll.record(now - event.sentAtMs);
    if (event.preview) pendingPreview.value = markRaw({ event: markRaw(event), receivedAtMs: now });
    if (now - lastTableAtMs >= TABLE_REFRESH_MS) publishFigures(now);
    else if (trailing === null) {
      // The last frames before a stop must still reach the table.
      trailing = setTimeout(() => {
        trailing = null;
        publishFigures(Date.now());
      }, TABLE_REFRESH_MS - (now - lastTableAtMs));
    }
  }

  function publishFigures(now: number): void {
    if (trailing !== null) {
      clearTimeout(trailing);
      trailing = null;
    }
    lastTableAtMs = now;
    tableResult.value = latest.value;
    figures.value = {
      processingMs: processing.mean(),
      latencyP50: latency.percentile(50),
      latencyP95: latency.percentile(95),
      displayFps: displayRate.rate(now),
    };
  }

  /** The painter has drawn `event`'s picture: the overlay switches to its result in the same DOM update. */
  function showFrame(event: FrameEvent): void {
    shown.value = markRaw(verdicts.apply(event.result));
  }

  /** The model's verdict on a frame: folded into whichever views hold that frame now (or later, when shown). */
  function ingestVerdict(verdict: ModelVerdictEvent): void {
    verdicts.remember(verdict);
    const fold = (r: FrameResult | null) => (r && r.seq === verdict.seq ? markRaw(verdicts.apply(r)) : r);
    latest.value = fold(latest.value);
    tableResult.value = fold(tableResult.value);
    shown.value = fold(shown.value);
  }

  /** The picture and its overlay are on screen: record latency (the painter has already acked). */
  function previewPainted(event: FrameEvent, paintedAtMs = Date.now(), stages?: PaintStages): void {
    // Only a running line has a meaningful latency: the picture shown after a stop
    // or on page load can be a frame captured minutes ago.
    if (running.value) {
      latency.push(paintedAtMs - event.capturedAtMs);
      latencyAll.record(paintedAtMs - event.capturedAtMs);
      deliveryAll.record(paintedAtMs - event.sentAtMs);
      if (stages) for (const k of ['waitMs', 'decodeMs', 'showMs'] as const) stageAll[k].record(stages[k]);
    }
    paintedTotal++;
    displayRate.tick(paintedAtMs);
    if (pendingPreview.value?.event === event) pendingPreview.value = null;
  }

  /** Lets the engine send the next preview: after drawing one, or after failing to (the engine must not stall). */
  async function ackPreview(seq: number): Promise<void> {
    await callEngine(client, 'preview.ack', { seq });
  }

  function ingestStatus(next: EngineStatus): void {
    const previous = status.value?.lastError ?? null;
    status.value = markRaw(next);
    const err = next.lastError;
    if (err && (!previous || previous.code !== err.code || previous.message !== err.message)) errors.report('engine', err);
  }

  function ingestLog(event: LogEvent): void {
    lastLog.value = event;
    if (event.level === 'error') errors.report('engine log', { code: 'log', message: event.message });
  }

  const disposers: (() => void)[] = [];
  function attach(): void {
    if (disposers.length) return;
    disposers.push(
      client.onDidReceiveFrame(ingestFrame),
      client.onDidChangeStatus(ingestStatus),
      client.onDidLog(ingestLog),
      client.onEvent('model.verdict', ingestVerdict),
    );
    if (client.onDidDisconnect) disposers.push(client.onDidDisconnect(() => (connected.value = false)));
  }

  function detach(): void {
    while (disposers.length) disposers.pop()?.();
  }

  /**
   * Greets the engine and asks for its state at once: a page opened on a line
   * that is already running (or stopped with a source open) must show it, not
   * "no source" until the next status event.
   */
  async function hello(): Promise<boolean> {
    const value = await callEngine(client, 'engine.hello', {});
    connected.value = value !== null;
    if (!value) return false;
    connectionEpoch.value++;
    await applyStatus(callEngine(client, 'status.get', {}));
    return true;
  }

  async function applyStatus(promise: Promise<EngineStatus | null>): Promise<boolean> {
    const next = await promise;
    if (next) ingestStatus(next);
    return next !== null;
  }

  const start = () => applyStatus(callEngine(client, 'run.start', {}));
  const stop = () => applyStatus(callEngine(client, 'run.stop', {}));
  const toggleRun = () => (running.value ? stop() : start());

  async function openSource(source: SourceSpecInput): Promise<boolean> {
    const okay = await applyStatus(callEngine(client, 'source.open', { source }));
    if (okay) {
      trends.clear();
      verdicts.clear(); // seqs start again with the new source
      lastSeq = null;
    }
    return okay;
  }

  async function configureView(width: number, height: number): Promise<void> {
    await callEngine(client, 'view.configure', { width, height, format: 'jpeg' });
  }

  /** Figures for benchmarks and tests: plain numbers, no proxies. */
  function probe() {
    return {
      framesReceived: framesReceived.value,
      seqGaps: seqGaps.value,
      shownSeq: shown.value?.seq ?? null,
      painted: paintedTotal,
      latencySamples: latencyAll.count,
      latencyP50: latencyAll.percentile(50),
      latencyP95: latencyAll.percentile(95),
      latencyMax: latencyAll.max,
      transitP50: transitAll.percentile(50),
      transitP95: transitAll.percentile(95),
      deliveryP50: deliveryAll.percentile(50),
      deliveryP95: deliveryAll.percentile(95),
      stages: Object.fromEntries(
        Object.entries(stageAll).map(([k, h]) => [k, { p50: h.percentile(50), p95: h.percentile(95) }]),
      ) as Record<keyof PaintStages, { p50: number | null; p95: number | null }>,
      counters: counters.value ? { ...counters.value } : null,
    };
  }

  function resetProbe(): void {
    latencyAll.reset();
    transitAll.reset();
    deliveryAll.reset();
    for (const h of Object.values(stageAll)) h.reset();
    paintedTotal = 0;
    framesReceived.value = 0;
    seqGaps.value = 0;
  }

  return {
    status,
    connected,
    connectionEpoch,
    latest,
    tableResult,
    shown,
    pendingPreview,
    framesReceived,
    seqGaps,
    lastLog,
    figures,
    running,
    counters,
    partYieldPct,
    frameYieldPct,
    attach,
    detach,
    hello,
    start,
    stop,
    toggleRun,
    openSource,
    configureView,
    showFrame,
    previewPainted,
    ackPreview,
    ingestFrame,
    ingestStatus,
    ingestVerdict,
    probe,
    resetProbe,
  };
});
