import { describe, expect, it } from 'vitest';
import { openHistoryReader, type HistoryReader } from '../../../src-engine/store/history-reader.js';
import type { HistoryRow } from '../../../src-shared/history-contract.js';
import { openTestHistory, T0 } from './history-fixture.js';
import { useTempDirs } from '../../temp-dirs.js';

const tempDir = useTempDirs('history-reader');

/** 3 runs: synthetic (seq 0..5), folder (10..12), camera (20, recipe v4). */
function sampleHistory(): { dir: string; reader: HistoryReader } {
  const h = openTestHistory(tempDir());
  const a = h.run();
  h.add(a, [
    { seq: 0, objects: [{ part: 'disc', area: 100 }, { part: 'washer', area: 500 }] },
    { seq: 1, ok: false, objects: [{ part: 'disc', area: 40, circularity: 0.5 }] },
    { seq: 2, processingMs: 9, objects: [{ part: 'hex', area: 300, circularity: 0.95 }] },
    { seq: 3, ok: false, objects: [{ part: null, area: 220 }] },
    { seq: 4, objects: [{ part: 'disc', area: 250, circularity: 0.7 }, { part: 'washer', area: 90, circularity: 0.99 }] },
    { seq: 5, processingMs: 4, objects: [] },
  ]);
  const b = h.run({ kind: 'folder', path: '/parts', fps: 10, loop: false });
  h.add(b, [{ seq: 10 }, { seq: 11, ok: false }, { seq: 12 }]);
  const c = h.run({ kind: 'camera', device: 0 });
  h.add(c, [{ seq: 20, recipeVersion: 4, ok: false }]);
  h.close();
  return { dir: h.dir, reader: openHistoryReader(h.dir) };
}

function seqs(result: ReturnType<HistoryReader['query']>): number[] {
  if (!result.ok) throw new Error(result.error.message);
  return result.value.map((r) => r.seq);
}

describe('HistoryReader', () => {
  it('filters by verdict, time span, run, recipe version and source', () => {
    const { reader } = sampleHistory();
    const page = { limit: 100 };
    const asc = { column: 'seq', direction: 'asc' } as const;
    expect(seqs(reader.query({ filter: { verdict: 'ng' }, sort: asc, page }))).toEqual([1, 3, 11, 20]);
    expect(seqs(reader.query({ filter: { time: { fromMs: T0 + 2000, toMs: T0 + 11_000 } }, sort: asc, page }))).toEqual([2, 3, 4, 5, 10, 11]);
    expect(seqs(reader.query({ filter: { runIds: [2] }, sort: asc, page }))).toEqual([10, 11, 12]);
    expect(seqs(reader.query({ filter: { recipe: { name: 'test', versions: [4] } }, sort: asc, page }))).toEqual([20]);
    expect(seqs(reader.query({ filter: { sources: ['folder', 'camera'], verdict: 'ok' }, sort: asc, page }))).toEqual([10, 12]);
    expect(reader.count({ verdict: 'ng', sources: ['synthetic'] })).toEqual({ ok: true, value: 2 });
    reader.close();
  });

  it('matches part class and metric ranges on one and the same object', () => {
    const { reader } = sampleHistory();
    const q = (filter: object) => seqs(reader.query({ filter, sort: { column: 'seq', direction: 'asc' }, page: { limit: 100 } }));
    expect(q({ objectMetrics: { area: { min: 200, max: 300 } } })).toEqual([2, 3, 4]);
    // Frame 0 has a disc and an object of area 500, but no disc of area 500.
    expect(q({ partClasses: ['disc'], objectMetrics: { area: { min: 400 } } })).toEqual([]);
    expect(q({ partClasses: ['washer'], objectMetrics: { area: { min: 400 } } })).toEqual([0]);
    // Frame 4: a disc of circularity 0.7 and a washer of area 90, but no single object with both.
    expect(q({ objectMetrics: { area: { max: 100 }, circularity: { max: 0.8 } } })).toEqual([1]);
    // One one-sided range is answered from the frame's per-metric bounds; the same frames either way.
    expect(q({ objectMetrics: { circularity: { max: 0.6 } } })).toEqual([1]);
    expect(q({ objectMetrics: { area: { min: 450 } } })).toEqual([0]);
    expect(q({ objectMetrics: { area: { min: 250 } }, verdict: 'ok' })).toEqual([0, 2, 4]);
    expect(q({ partClasses: [null] })).toEqual([3]);
    expect(q({ frameMetrics: { processingMs: { min: 3, max: 10 } } })).toEqual([2, 5]);
    reader.close();
  });

  it('sorts by any column and pages by offset or after the last row, the same rows either way', () => {
    const { reader } = sampleHistory();
    const sort = { column: 'processingMs', direction: 'desc' } as const;
    const all = reader.query({ sort, page: { limit: 100 } });
    if (!all.ok) throw new Error(all.error.message);
    // 9 ms, 4 ms, then the 1.5 ms ties newest frame first.
    expect(all.value.map((r) => r.seq)).toEqual([2, 5, 20, 12, 11, 10, 4, 3, 1, 0]);
    const walked: HistoryRow[] = [];
    let after: { value: HistoryRow['sortValue']; frameId: number } | undefined;
    for (;;) {
      const page = reader.query({ sort, page: after ? { limit: 3, after } : { limit: 3 } });
      if (!page.ok) throw new Error(page.error.message);
      if (page.value.length === 0) break;
      walked.push(...page.value);
      const last = page.value.at(-1)!;
      after = { value: last.sortValue, frameId: last.frameId };
    }
    expect(walked.map((r) => r.frameId)).toEqual(all.value.map((r) => r.frameId));
    const byOffset = reader.query({ sort, page: { limit: 3, offset: 3 } });
    expect(byOffset.ok && byOffset.value.map((r) => r.frameId)).toEqual(all.value.slice(3, 6).map((r) => r.frameId));
    reader.close();
  });

  it('returns rows with what the review shows', () => {
    const { reader } = sampleHistory();
    const page = reader.query({ filter: { runIds: [3] }, page: { limit: 1 } });
    expect(page.ok && page.value[0]).toMatchObject({
      runId: 3,
      seq: 20,
      source: 'camera',
      verdict: 'ng',
      recipe: { name: 'test', version: 4 },
      metrics: { meanIntensity: 50, processingMs: 1.5, objectCount: 1 },
      label: null,
      labelled: false,
      image: null,
    });
    reader.close();
  });

  it('refuses an inverted or non-numeric range, naming it, and still answers the next query', () => {
    const { reader } = sampleHistory();
    const inverted = reader.count({ objectMetrics: { area: { min: 300, max: 200 } } });
    expect(inverted.ok).toBe(false);
    if (!inverted.ok) expect(inverted.error.message).toMatch(/objectMetrics\.area.*inverted/);
    const text = reader.query({ filter: { frameMetrics: { processingMs: { min: 'fast' } } }, page: { limit: 10 } });
    expect(text.ok).toBe(false);
    if (!text.ok) expect(text.error.message).toMatch(/frameMetrics\.processingMs\.min/);
    const time = reader.count({ time: { fromMs: T0 + 10, toMs: T0 } });
    expect(!time.ok && time.error.message).toMatch(/time.*inverted/);
    const unknown = reader.count({ objectMetrics: { weight: { min: 1 } } });
    expect(unknown.ok).toBe(false);
    expect(reader.count({ objectMetrics: { area: { min: 200, max: 300 } } })).toEqual({ ok: true, value: 3 });
    reader.close();
  });
});
