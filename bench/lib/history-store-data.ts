// A generated history for the store's bench: 1,000,000 frames of about 10
// objects each, in 100 runs an hour apart, written in one process with big
// transactions and no fsync (the bench measures queries on the result, not this
// path). Cached under bench/.cache: generating takes minutes, and the time it
// took is kept beside the file so the bench can report it on later runs too.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { FrameResult, ObjectResult } from '../../src-shared/inspection.js';
import { FrameRows } from '../../src-engine/store/frame-rows.js';
import { migrate, SCHEMA_VERSION } from '../../src-engine/store/migrate.js';
import { DATABASE_FILE } from '../../src-engine/store/open-database.js';
import { writeFileAtomicSync } from '../../src-engine/files/write-file-atomic.js';
import { CACHE_DIR } from './paths.js';
import { mulberry32 } from '../../src-engine/sources/synthetic/prng.js';

export const HISTORY_FRAMES = 1_000_000;
export const FRAMES_PER_RUN = 10_000;
export const HISTORY_START_MS = Date.UTC(2026, 0, 5, 6, 0, 0);
const RUN_GAP_MS = 3_600_000;
const FRAME_MS = 33;
const PARTS = ['disc', 'washer', 'hex', 'rect'] as const;
const SOURCES = [{ kind: 'synthetic', seed: 1 }, { kind: 'folder', path: '/parts' }, { kind: 'camera', device: 0 }] as const;
/** Bump when the generated data changes, so an old cache is not measured as the new one. */
const GENERATOR_VERSION = 2;

export interface GeneratedHistory {
  dataDir: string;
  frames: number;
  objects: number;
  /** Seconds the generation took (when it was made, possibly on an earlier run). */
  generateSeconds: number;
  fromCache: boolean;
  /** Capture time of the last frame. */
  endMs: number;
  /** When the cache was an older schema's: which, and how long the in-place upgrade took. */
  upgraded: { fromSchema: number; seconds: number } | null;
}

/** The synthetic line's seeded generator (mulberry32): the same records on every machine. */
const random = (seed: number): (() => number) => mulberry32(seed).next;

export function frameTime(run: number, seq: number): number {
  return HISTORY_START_MS + run * RUN_GAP_MS + seq * FRAME_MS;
}

function makeObject(id: number, rnd: () => number): ObjectResult {
  const gauss = () => (rnd() + rnd() + rnd() - 1.5) * 2; // about N(0, 1)
  const area = 2000 + 300 * gauss();
  const circularity = Math.min(1, 0.9 + 0.04 * gauss());
  const bad = rnd() < 0.012; // about 11 % of frames have an NG object
  const x = Math.floor(rnd() * 1200);
  const y = Math.floor(rnd() * 950);
  return {
    id,
    part: PARTS[Math.floor(rnd() * PARTS.length)],
    bbox: { x, y, width: 50, height: 50 },
    centroid: [x + 25, y + 25],
    outline: [[x, y + 25], [x + 7, y + 7], [x + 25, y], [x + 43, y + 7], [x + 50, y + 25], [x + 43, y + 43], [x + 25, y + 50], [x + 7, y + 43]],
    holes: [],
    metrics: {
      area,
      areaPixels: Math.round(area + 20 * gauss()),
      perimeter: 160 + 10 * gauss(),
      circularity,
      circularityCv: circularity * 0.987,
      convexity: Math.min(1, 0.98 + 0.01 * gauss()),
      solidity: Math.min(1, 0.97 + 0.01 * gauss()),
      aspectRatio: 1 + Math.abs(0.05 * gauss()),
      equivalentDiameter: Math.sqrt((4 * area) / Math.PI),
      meanIntensity: 180 + 10 * gauss(),
      holes: rnd() < 0.2 ? 1 : 0,
    },
    verdict: bad ? { ok: false, reasons: [{ metric: 'area', value: area, min: 2500, message: `area ${Math.round(area)} < 2500` }] } : { ok: true, reasons: [] },
  };
}

export function makeGeneratedFrame(run: number, seq: number, rnd: () => number): FrameResult {
  const count = 8 + Math.floor(rnd() * 5); // 8..12, 10 on average
  const objects = Array.from({ length: count }, (_, i) => makeObject(i, rnd));
  const ok = objects.every((o) => o.verdict.ok);
  return {
    seq,
    timestampMs: frameTime(run, seq),
    width: 1280,
    height: 1024,
    recipe: { name: 'discs', version: 1 + Math.floor(run / 20) },
    thresholdUsed: 128,
    metrics: { meanIntensity: 60 + 8 * rnd(), pixelsAboveThreshold: 20_000 + Math.floor(4000 * rnd()), objectCount: count, processingMs: 6 + 4 * rnd() },
    objects,
    verdict: ok ? { ok: true, reasons: [] } : { ok: false, reasons: [{ metric: 'objects', value: null, message: 'an object is NG' }] },
  };
}

function cacheDir(schemaVersion: number): string {
  return join(CACHE_DIR, `history-${HISTORY_FRAMES}-g${GENERATOR_VERSION}-s${schemaVersion}`);
}

interface CacheMeta {
  objects: number;
  generateSeconds: number;
  /** Set when this cache was an older schema's, upgraded in place by the store's own migrations. */
  upgraded?: { fromSchema: number; seconds: number };
}

/**
 * An older schema's cache of the same generated data, upgraded in place by migrate() as a user's
 * data folder would be: minutes cheaper than generating again, and it times the upgrade at scale.
 * The older cache is moved, not copied (each is gigabytes).
 */
function upgradeOlderCache(log: (line: string) => void): CacheMeta | null {
  for (let v = SCHEMA_VERSION - 1; v >= 1; v--) {
    const older = cacheDir(v);
    if (!existsSync(join(older, 'generated.json'))) continue;
    const m = JSON.parse(readFileSync(join(older, 'generated.json'), 'utf8')) as CacheMeta;
    log(`history-store: upgrading the cached store of schema ${v} to ${SCHEMA_VERSION} in place`);
    const dataDir = cacheDir(SCHEMA_VERSION);
    rmSync(dataDir, { recursive: true, force: true });
    renameSync(older, dataDir);
    // Until the upgrade has completed this is no cache of either schema: killed midway, it is generated again.
    rmSync(join(dataDir, 'generated.json'));
    const t0 = performance.now();
    const db = new Database(join(dataDir, DATABASE_FILE));
    db.pragma('cache_size = -262144'); // 256 MiB, as the generation
    migrate(db);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const upgraded = { ...m, upgraded: { fromSchema: v, seconds: (performance.now() - t0) / 1000 } };
    writeFileAtomicSync(join(dataDir, 'generated.json'), JSON.stringify(upgraded) + '\n');
    return upgraded;
  }
  return null;
}

export function generatedHistory(log: (line: string) => void = console.log): GeneratedHistory {
  const dataDir = cacheDir(SCHEMA_VERSION);
  const meta = join(dataDir, 'generated.json');
  const endMs = frameTime(HISTORY_FRAMES / FRAMES_PER_RUN - 1, FRAMES_PER_RUN - 1);
  const cached = existsSync(meta) ? (JSON.parse(readFileSync(meta, 'utf8')) as CacheMeta) : upgradeOlderCache(log);
  if (cached) {
    return { dataDir, frames: HISTORY_FRAMES, objects: cached.objects, generateSeconds: cached.generateSeconds, fromCache: true, endMs, upgraded: cached.upgraded ?? null };
  }
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const temp = join(dataDir, `${DATABASE_FILE}.generating`);
  const t0 = performance.now();
  const db = new Database(temp);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144'); // 256 MiB
  migrate(db);
  const rows = new FrameRows(db);
  const insertRun = db.prepare('INSERT INTO runs (id, started_at_ms, source, source_kind, recipe_name, recipe_version) VALUES (?, ?, ?, ?, ?, ?)');
  const rnd = random(20261202);
  let objects = 0;
  const runs = HISTORY_FRAMES / FRAMES_PER_RUN;
  for (let run = 0; run < runs; run++) {
    const source = SOURCES[run % SOURCES.length];
    db.transaction(() => {
      insertRun.run(run + 1, frameTime(run, 0), JSON.stringify(source), source.kind, 'discs', 1 + Math.floor(run / 20));
      for (let seq = 0; seq < FRAMES_PER_RUN; seq++) {
        const frame = makeGeneratedFrame(run, seq, rnd);
        objects += frame.objects.length;
        rows.insert(run + 1, frame);
      }
    })();
    if (run % 10 === 9) log(`history-store: generated ${((run + 1) * FRAMES_PER_RUN).toLocaleString('en')} frames in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  db.pragma('journal_mode = WAL'); // as the store leaves its file
  db.close();
  renameSync(temp, join(dataDir, DATABASE_FILE));
  const generateSeconds = (performance.now() - t0) / 1000;
  writeFileAtomicSync(meta, JSON.stringify({ frames: HISTORY_FRAMES, objects, generateSeconds }) + '\n');
  return { dataDir, frames: HISTORY_FRAMES, objects, generateSeconds, fromCache: false, endMs, upgraded: null };
}
