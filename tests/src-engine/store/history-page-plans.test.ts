// A page sorted by a frame metric is found either by scanning the filter's
// span and sorting it, or by walking the metric's index and stopping once the
// page is full; a scan or a count with an object-metric range reads that
// metric's bounds index. Every way must give the rows the same filter gives
// read through no index at all (the oracle here), for any filter, sort
// direction, ties and paging (an offset page is that slice of the whole list,
// and so are the pages walked after each last row), on a seeded history whose
// capture times are not in id order, whose metrics tie a lot, and whose frames
// often have two objects matching a filter.
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { sortColumnSql, whereSql } from '../../../src-engine/store/filter-sql.js';
import { databaseFile } from '../../../src-engine/store/open-database.js';
import { openHistoryReader, type HistoryReader } from '../../../src-engine/store/history-reader.js';
import type { HistoryFilter, HistoryQueryInput, HistoryRow, HistorySort } from '../../../src-shared/history-contract.js';
import { mulberry32 } from '../../../src-engine/sources/synthetic/prng.js';
import { openTestHistory, T0, type FrameSpec } from './history-fixture.js';
import { useTempDirs } from '../../temp-dirs.js';

const tempDir = useTempDirs('history-page-plans');
const FRAMES = 600;

function seededHistory(): string {
  const rnd = mulberry32(4242).next;
  const h = openTestHistory(tempDir());
  for (let r = 0; r < 3; r++) {
    const run = h.run();
    const frames: FrameSpec[] = [];
    for (let i = 0; i < FRAMES / 3; i++) {
      const seq = r * 1000 + i;
      frames.push({
        seq,
        ok: rnd() < 0.7,
        // Runs overlap in time, so capture order is not id order.
        atMs: T0 + Math.floor(rnd() * 100_000),
        // Few distinct values: lots of ties, broken by the frame id.
        processingMs: Math.round(rnd() * 8) / 2,
        objects: Array.from({ length: Math.floor(rnd() * 4) }, () => ({
          part: rnd() < 0.5 ? 'disc' : 'washer',
          area: Math.round(50 + rnd() * 400),
          circularity: Math.round(rnd() * 100) / 100,
        })),
      });
    }
    h.add(run, frames);
  }
  h.close();
  return h.dir;
}

const FILTERS: HistoryFilter[] = [
  {},
  { verdict: 'ng' },
  { verdict: 'ok', time: { fromMs: T0 + 20_000, toMs: T0 + 70_000 } },
  { time: { fromMs: T0 + 50_000 } },
  { verdict: 'ng', objectMetrics: { area: { min: 150, max: 260 } } },
  { verdict: 'ok', time: { fromMs: T0 + 5_000, toMs: T0 + 80_000 }, objectMetrics: { area: { min: 100, max: 300 } } },
  { time: { toMs: T0 + 60_000 }, objectMetrics: { circularity: { max: 0.3 } } },
  { verdict: 'ok', partClasses: ['washer'], objectMetrics: { area: { min: 300 } } },
  { objectMetrics: { area: { min: 100, max: 200 }, circularity: { min: 0.5 } }, runIds: [1, 3] },
  { frameMetrics: { processingMs: { min: 1, max: 3 } }, time: { fromMs: T0 + 10_000, toMs: T0 + 90_000 } },
];
// The frame metrics have sort indexes to walk; capture time and frame id are walked through their own.
const SORTS: HistorySort[] = (['processingMs', 'objectCount', 'meanIntensity', 'pixelsAboveThreshold', 'capturedAtMs', 'frameId'] as const).flatMap((column) => [
  { column, direction: 'asc' as const },
  { column, direction: 'desc' as const },
]);

/** The oracle: the same filter SQL read through no frame index at all, sorted by SQLite. */
function reference(db: Database.Database, filter: HistoryFilter, sort: HistorySort): number[] {
  const where = whereSql(filter);
  const dir = sort.direction === 'asc' ? 'ASC' : 'DESC';
  const col = sortColumnSql(sort.column);
  return (db.prepare(`SELECT f.id FROM frames f NOT INDEXED ${where.sql} ORDER BY ${col} ${dir}, f.id ${dir}`).all(...where.params) as { id: number }[]).map((r) => r.id);
}

function ids(reader: HistoryReader, q: HistoryQueryInput): number[] {
  const r = reader.query(q);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.map((row) => row.frameId);
}

/** Every page of `limit` rows, after the last row of the one before. */
function walkAll(reader: HistoryReader, filter: HistoryFilter, sort: HistorySort, limit: number): number[] {
  const out: number[] = [];
  let after: { value: HistoryRow['sortValue']; frameId: number } | undefined;
  for (;;) {
    const r = reader.query({ filter, sort, page: after ? { limit, after } : { limit } });
    if (!r.ok) throw new Error(r.error.message);
    out.push(...r.value.map((row) => row.frameId));
    if (r.value.length < limit) return out;
    const last = r.value.at(-1)!;
    after = { value: last.sortValue, frameId: last.frameId };
  }
}

describe('page plans', () => {
  it('walking a sort index, or scanning a bounds index, gives the rows of reading no index at all, page by page', () => {
    const dir = seededHistory();
    const walking = openHistoryReader(dir, { scanAtMostPerPageRow: 0 });
    const scanning = openHistoryReader(dir, { scanAtMostPerPageRow: Infinity });
    const db = new Database(databaseFile(dir), { readonly: true });
    try {
      for (const filter of FILTERS) {
        for (const sort of SORTS) {
          const all = reference(db, filter, sort);
          expect(ids(scanning, { filter, sort, page: { limit: 1000 } })).toEqual(all);
          expect(scanning.count(filter)).toEqual({ ok: true, value: all.length });
          expect(ids(walking, { filter, sort, page: { limit: 1000 } })).toEqual(all);
          // SQLite's own OFFSET skips a frame with two matching objects as two (see orderAndPageSql).
          expect(ids(walking, { filter, sort, page: { limit: 13, offset: 20 } })).toEqual(all.slice(20, 33));
          expect(ids(scanning, { filter, sort, page: { limit: 13, offset: 20 } })).toEqual(all.slice(20, 33));
          expect(walkAll(walking, filter, sort, 17)).toEqual(all);
        }
      }
    } finally {
      walking.close();
      scanning.close();
      db.close();
    }
  });

  it('walks the metric index only when the span holds more frames than a scan should sort', () => {
    const dir = seededHistory();
    const reader = openHistoryReader(dir);
    const scanning = openHistoryReader(dir, { scanAtMostPerPageRow: Infinity });
    try {
      const sort = { column: 'processingMs', direction: 'desc' } as const;
      const wide = reader.plan({ filter: { verdict: 'ok' }, sort, page: { limit: 10 } }).join(' | ');
      expect(wide).toMatch(/frames_sorted_by_processing_ms/);
      expect(wide).not.toMatch(/TEMP B-TREE/); // the index order is the page order
      // 20 rows x 20 frames each = 400 frames or more in the span: walked; a narrow span is scanned.
      const narrow = reader.plan({ filter: { verdict: 'ok', time: { fromMs: T0, toMs: T0 + 2000 } }, sort, page: { limit: 20 } }).join(' | ');
      expect(narrow).not.toMatch(/frames_sorted_by/);
      // A filter on runs matches few frames: scanned through its own index, however wide the span.
      expect(reader.plan({ filter: { verdict: 'ok', runIds: [2] }, sort, page: { limit: 10 } }).join(' | ')).not.toMatch(/frames_sorted_by/);
      expect(scanning.plan({ filter: { verdict: 'ok' }, sort, page: { limit: 10 } }).join(' | ')).not.toMatch(/frames_sorted_by/);
    } finally {
      reader.close();
      scanning.close();
    }
  });
});
