// The history store at scale: a generated store of 1,000,000 frames and about
// 10,000,000 objects (cached in bench/.cache, upgraded in place when the schema
// moves on; generating it is a row too), the review's filtered page and match
// count on it (in memory, and read from disk), inserts through the worker
// path, and what recording (with pictures) costs the live loop: the engine's
// latency (inspection start → frame sent to the view) on the synthetic line with
// the store on against off, in one run, alternating so both see the same
// machine. The engine records a frame right after sending it, in the same step,
// so beside the latency the whole step (until recording is done) is a row too.
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { BenchRow, BenchSuite } from '../bench-row.js';
import { round } from '../lib/stats.js';
import { CACHE_DIR } from '../lib/paths.js';
import { FRAMES_PER_RUN, frameTime, generatedHistory, HISTORY_FRAMES, makeGeneratedFrame } from '../lib/history-store-data.js';
import { openHistoryReader } from '../../src-engine/store/history-reader.js';
import { openResultStore, type ResultStore } from '../../src-engine/store/result-store.js';
import { databaseFile } from '../../src-engine/store/open-database.js';
import { EngineService, type ResultSink } from '../../src-engine/host/engine-service.js';
import { createDefaultEngineDeps } from '../../src-engine/host/default-engine-deps.js';
import { createMemoryPortPair } from '../../src-engine/host/memory-port.js';
import { createPortClient } from '../../src-shared/port-client.js';
import type { HistoryFilter, HistorySort } from '../../src-shared/history-contract.js';

const QUERIES = 40;
const INSERT_FRAMES = 6000;
const LIVE_SECONDS = Number(process.env.LOUPE_BENCH_HISTORY_LIVE_SECONDS ?? 48);
const LIVE_SEGMENT_MS = 4000;
const LIVE_SETTLE_MS = 500;

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)];
}

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}

const METRIC_RANGES: HistoryFilter['objectMetrics'][] = [
  { circularity: { max: 0.84 } },
  { area: { min: 2400, max: 2600 } },
  { aspectRatio: { min: 1.08 } },
  { meanIntensity: { max: 170 } },
];
const SORTS: HistorySort[] = [
  { column: 'capturedAtMs', direction: 'desc' },
  { column: 'processingMs', direction: 'desc' },
  { column: 'objectCount', direction: 'asc' },
];

/** Review-shaped filters: a verdict, a time span of 10 runs (about 10 % of the history, 100,000 frames), one metric range. */
function reviewFilter(i: number, rnd: () => number): HistoryFilter {
  const runs = HISTORY_FRAMES / FRAMES_PER_RUN;
  const first = Math.floor(rnd() * (runs - 10));
  return {
    verdict: i % 4 === 3 ? 'ok' : 'ng',
    time: { fromMs: frameTime(first, 0), toMs: frameTime(first + 10, 0) },
    objectMetrics: METRIC_RANGES[i % METRIC_RANGES.length],
  };
}

interface ReviewTimes {
  query95: number;
  count95: number;
  byTime95: number;
  byMetric95: number;
}

/**
 * Drops the store file's pages from the OS page cache (this file only; GNU dd's nocache), so the next
 * queries read the disk as a review does on a history not in memory, e.g. after a restart.
 */
function dropFileCache(file: string): boolean {
  const dd = spawnSync('dd', [`if=${file}`, 'iflag=nocache', 'count=0'], { encoding: 'utf8' });
  return dd.status === 0;
}

/**
 * Reads the store file through once, so the "in memory" queries find it in the OS page cache whatever
 * ran before (a cache left from an earlier session is partly evicted, and its figures wander with it).
 */
function readFileThrough(file: string): void {
  const fd = openSync(file, 'r');
  const chunk = Buffer.allocUnsafe(8 << 20);
  try {
    while (readSync(fd, chunk, 0, chunk.length, null) > 0);
  } finally {
    closeSync(fd);
  }
}

/** The review's 40 queries with their match counts; `cold`: the store's pages are dropped from memory first (after the warm-up). */
function reviewTimes(dataDir: string, cold: boolean): ReviewTimes | null {
  const reader = openHistoryReader(dataDir);
  const rnd = seeded(7);
  const queryMs: number[] = [];
  const byTimeMs: number[] = [];
  const byOtherMs: number[] = [];
  const countMs: number[] = [];
  let matched = 0;
  try {
    for (let i = -4; i < QUERIES; i++) {
      if (i === 0 && cold && !dropFileCache(databaseFile(dataDir))) return null;
      const filter = reviewFilter(Math.abs(i), rnd);
      const sort = SORTS[Math.abs(i) % SORTS.length];
      let t = performance.now();
      const page = reader.query({ filter, sort, page: { limit: 200 } });
      const q = performance.now() - t;
      t = performance.now();
      const count = reader.count(filter);
      const c = performance.now() - t;
      if (!page.ok || !count.ok) throw new Error(`review query failed: ${!page.ok ? page.error.message : !count.ok ? count.error.message : ''}`);
      if (i < 0) continue; // warm-up
      queryMs.push(q);
      (sort.column === 'capturedAtMs' ? byTimeMs : byOtherMs).push(q);
      countMs.push(c);
      matched += count.value;
    }
    if (!cold) {
      console.log(`history-store: ${QUERIES} review queries, ${Math.round(matched / QUERIES)} matches on average; plan: ${reader.plan({ filter: reviewFilter(1, seeded(1)), sort: SORTS[1], page: { limit: 200 } }).join(' | ')}`);
    }
  } finally {
    reader.close();
  }
  return { query95: p95(queryMs), count95: p95(countMs), byTime95: p95(byTimeMs), byMetric95: p95(byOtherMs) };
}

function reviewRows(dataDir: string): BenchRow[] {
  readFileThrough(databaseFile(dataDir));
  const warm = reviewTimes(dataDir, false)!;
  const rows: BenchRow[] = [
    // The store in memory (read through first): the figures the targets are set on.
    { name: 'filtered review query (verdict + time span + one metric range + sort, page of 200) p95', value: round(warm.query95, 1), unit: 'ms', target: '<= 100', ok: warm.query95 <= 100 },
    { name: 'match count p95 (same filters)', value: round(warm.count95, 1), unit: 'ms', target: '<= 200', ok: warm.count95 <= 200 },
    { name: 'review query p95, pages sorted by capture time', value: round(warm.byTime95, 1), unit: 'ms', target: 'reference', ok: true },
    { name: 'review query p95, pages sorted by a frame metric', value: round(warm.byMetric95, 1), unit: 'ms', target: 'reference', ok: true },
  ];
  // The same queries on a store read from disk: what a review pays for a span not in memory.
  const cold = reviewTimes(dataDir, true);
  if (!cold) {
    console.log('history-store: the store file could not be dropped from the page cache (needs GNU dd); no cold rows');
    return rows;
  }
  rows.push(
    { name: 'filtered review query p95, store not in memory (its pages dropped from the OS cache first)', value: round(cold.query95, 1), unit: 'ms', target: 'reference', ok: true },
    { name: 'match count p95, store not in memory', value: round(cold.count95, 1), unit: 'ms', target: 'reference', ok: true },
  );
  return rows;
}

/** Frames of ~10 objects through the worker into the 1M-frame store, posted as fast as they come; the run is removed afterwards. */
async function insertRow(dataDir: string): Promise<BenchRow> {
  const store = openResultStore(dataDir, { keepEveryNthOk: 0 });
  const run = store.beginRun({ kind: 'synthetic', seed: 1, width: 1280, height: 1024, fps: 30, partsPerFrame: 10, defectRate: 0.15, noise: 3, lightingDrift: 12, frames: 0 }, { name: 'discs', version: 9 });
  const rnd = seeded(11);
  const frames = Array.from({ length: INSERT_FRAMES }, (_, seq) => makeGeneratedFrame(HISTORY_FRAMES / FRAMES_PER_RUN + 1, seq, rnd));
  const t0 = performance.now();
  for (const f of frames) store.append(run, f);
  await store.flush();
  const seconds = (performance.now() - t0) / 1000;
  const committed = store.persistedSeq(run) + 1;
  const runId = store.storedRunId(run);
  store.close();
  const db = new Database(databaseFile(dataDir));
  db.transaction(() => {
    db.prepare('DELETE FROM object_shapes WHERE frame_id IN (SELECT id FROM frames WHERE run_id = ?)').run(runId);
    db.prepare('DELETE FROM objects WHERE frame_id IN (SELECT id FROM frames WHERE run_id = ?)').run(runId);
    db.prepare('DELETE FROM frames WHERE run_id = ?').run(runId);
    db.prepare('DELETE FROM runs WHERE id = ?').run(runId);
  })();
  db.close();
  const rate = committed / seconds;
  console.log(`history-store: ${committed} frames (${frames.reduce((s, f) => s + f.objects.length, 0)} objects) committed in ${seconds.toFixed(2)} s`);
  return { name: 'inserts through the worker (frames of ~10 objects, into the 1M-frame store)', value: Math.round(rate), unit: 'frames/s', target: '>= 300', ok: rate >= 300 };
}

/** The engine's time per frame (inspection start to frame event posted), store on and off in alternating segments. */
async function liveRows(): Promise<BenchRow[]> {
  const dataDir = join(CACHE_DIR, 'history-live');
  rmSync(dataDir, { recursive: true, force: true });
  const store: ResultStore = openResultStore(dataDir, { onError: (e) => console.log(`history-store: store says: ${e.message}`) });
  let recording = false;
  const appendMs: number[] = [];
  const sink: ResultSink = {
    beginRun: (source, recipe) => store.beginRun(source, recipe),
    append: (runId, result, pixels) => {
      const startedAt = started.get(result.seq);
      if (recording) {
        const t0 = performance.now();
        store.append(runId, result, pixels);
        appendMs.push(performance.now() - t0);
      }
      const now = performance.now();
      if (startedAt !== undefined && now > settledAt) (recording ? steps.on : steps.off).push(now - startedAt);
    },
    close: () => store.close(),
  };
  const deps = createDefaultEngineDeps();
  const started = new Map<number, number>();
  const timed = { ...deps, inspectImage: (...args: Parameters<typeof deps.inspectImage>) => (started.set(args[2].seq, performance.now()), deps.inspectImage(...args)) };
  const pair = createMemoryPortPair();
  const samples: { on: number[]; off: number[] } = { on: [], off: [] };
  const steps: { on: number[]; off: number[] } = { on: [], off: [] };
  let settledAt = 0;
  let kept = 0;
  const enginePort = {
    postMessage: (m: unknown) => {
      const msg = m as { kind?: string; event?: string; payload?: { result: { seq: number; verdict: { ok: boolean } } } };
      if (msg.kind === 'event' && msg.event === 'frame' && msg.payload) {
        const t0 = started.get(msg.payload.result.seq);
        const now = performance.now();
        if (t0 !== undefined && now > settledAt) (recording ? samples.on : samples.off).push(now - t0);
        if (recording && !msg.payload.result.verdict.ok) kept++;
      }
      pair.engine.postMessage(m);
    },
    onMessage: pair.engine.onMessage,
  };
  const service = new EngineService(enginePort, timed, { defaultSource: { kind: 'synthetic', seed: 5, width: 1280, height: 1024, fps: 30 }, results: sink });
  const client = createPortClient(pair.client, { timeoutMs: 10_000 });
  client.onDidReceiveFrame((f) => {
    if (f.preview) void client.request('preview.ack', { seq: f.result.seq });
  });
  await service.start();
  await client.request('run.start', {});
  const segments = Math.max(2, Math.round((LIVE_SECONDS * 1000) / LIVE_SEGMENT_MS));
  for (let s = 0; s < segments; s++) {
    recording = s % 2 === 1;
    settledAt = Infinity;
    // An "off" segment starts once the worker has caught up: its backlog must not be billed to "off".
    if (!recording) await store.flush();
    settledAt = performance.now() + LIVE_SETTLE_MS;
    await new Promise((r) => setTimeout(r, LIVE_SEGMENT_MS));
  }
  await client.request('run.stop', {});
  await store.flush();
  client.dispose('bench over');
  service.dispose(); // closes the store
  pair.close();
  const on = p95(samples.on);
  const off = p95(samples.off);
  const ratio = on / off;
  const stepOn = p95(steps.on);
  const stepOff = p95(steps.off);
  console.log(`history-store: live latency p95 ${off.toFixed(2)} ms off, ${on.toFixed(2)} ms on (${samples.off.length} / ${samples.on.length} frames; ${kept} NG pictures kept while on); whole step p95 ${stepOff.toFixed(2)} / ${stepOn.toFixed(2)} ms`);
  rmSync(dataDir, { recursive: true, force: true });
  const append95 = p95(appendMs);
  console.log(`history-store: the store's own work on the live loop (append: keep-or-not, pixel copy, post) p95 ${append95.toFixed(2)} ms, mean ${(appendMs.reduce((a, b) => a + b, 0) / appendMs.length).toFixed(2)} ms`);
  return [
    { name: 'live latency p95 with store and image writing on, against off (engine: inspection start → frame sent, synthetic line)', value: round(ratio, 3), unit: 'ratio', target: '<= 1.10', ok: ratio <= 1.1 },
    { name: 'live step p95 with store and image writing on, against off (inspection start → frame recorded)', value: round(stepOn / stepOff, 3), unit: 'ratio', target: 'reference', ok: true },
    { name: "store's own work on the live loop per frame (pixel copy + post) p95", value: round(append95, 2), unit: 'ms', target: 'reference', ok: true },
    { name: 'live latency p95, store off', value: round(off, 2), unit: 'ms', target: 'reference', ok: true },
    { name: 'live latency p95, store and image writing on', value: round(on, 2), unit: 'ms', target: 'reference', ok: true },
  ];
}

/** LOUPE_BENCH_HISTORY_PARTS=live (or review,insert) runs only those parts; all by default. */
const PARTS = new Set((process.env.LOUPE_BENCH_HISTORY_PARTS ?? 'review,insert,live').split(',').map((p) => p.trim()));

async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  if (PARTS.has('review') || PARTS.has('insert')) {
    const history = generatedHistory((line) => console.log(line));
    console.log(`history-store: ${history.frames.toLocaleString('en')} frames, ${history.objects.toLocaleString('en')} objects in ${history.dataDir}${history.fromCache ? ' (cached)' : ''}`);
    rows.push({
      name: `generating the store: ${history.frames.toLocaleString('en')} frames, ${history.objects.toLocaleString('en')} objects (bulk inserts, one process${history.fromCache ? '; time of the cached generation' : ''})`,
      value: round(history.generateSeconds, 0),
      unit: 's',
      target: '<= 900',
      ok: history.generateSeconds <= 900,
    });
    if (history.upgraded) {
      rows.push({
        name: `upgrading the cached store in place from schema ${history.upgraded.fromSchema} (the store's migrations, once, on this cache)`,
        value: round(history.upgraded.seconds, 0),
        unit: 's',
        target: 'reference',
        ok: true,
      });
    }
    if (PARTS.has('review')) rows.push(...reviewRows(history.dataDir));
    if (PARTS.has('insert')) rows.push(await insertRow(history.dataDir));
  }
  if (PARTS.has('live')) rows.push(...(await liveRows()));
  // Two cores shared with other work: every figure above is only as steady as this.
  rows.push({ name: 'machine load while measuring (1-minute load average, 2 cores)', value: round(loadavg()[0], 1), unit: 'runnable', target: 'reference', ok: true });
  return rows;
}

const suite: BenchSuite = { name: 'history-store', run };
export default suite;
