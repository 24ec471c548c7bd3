// Pictures and labels through the real worker thread: the store's caller only
// posts; the worker encodes, writes, lists and labels.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { openResultStore } from '../../../src-engine/store/result-store.js';
import { openHistoryReader } from '../../../src-engine/store/history-reader.js';
import { openLabelWriter } from '../../../src-engine/store/label-writer.js';
import type { RawImage } from '../../../src-engine/store/raw-image.js';
import { makeFrameResult } from './make-frame-result.js';
import { useTempDirs } from '../../temp-dirs.js';

const tempDir = useTempDirs('store-pictures');
const SOURCE = { kind: 'camera', device: 0 } as const;

function gray(width: number, height: number): RawImage {
  const data = new Uint8Array(width * height).map((_, i) => i % 251);
  return { width, height, channels: 1, depth: 8, data: data.buffer };
}

describe('ResultStore pictures and labels', () => {
  it('keeps the picture of every NG frame and of 1 in N OK frames, copying pixels only for those', async () => {
    const dir = tempDir();
    const store = openResultStore(dir, { keepEveryNthOk: 3, flushIntervalMs: 60_000 });
    const run = store.beginRun(SOURCE, { name: 'test', version: 3 });
    let copies = 0;
    const verdicts = [true, true, false, true, true, true, false, true];
    verdicts.forEach((ok, seq) =>
      store.append(run, makeFrameResult(seq, ok), () => {
        copies++;
        return gray(200, 100);
      }),
    );
    await store.flush();
    store.close();
    // OK frames 0, 1, 3, 4, 5, 7: the 1st and 4th of them (seq 0 and 4) are sampled; NG 2 and 6 always.
    expect(copies).toBe(4);
    const reader = openHistoryReader(dir);
    const rows = reader.query({ filter: { withImage: true }, sort: { column: 'seq', direction: 'asc' }, page: { limit: 10 } });
    if (!rows.ok) throw new Error(rows.error.message);
    expect(rows.value.map((r) => [r.seq, r.image?.reason])).toEqual([[0, 'sampled-ok'], [2, 'ng'], [4, 'sampled-ok'], [6, 'ng']]);
    for (const r of rows.value) {
      expect(existsSync(path.join(dir, 'images', r.image!.full!))).toBe(true);
      expect(existsSync(path.join(dir, 'images', r.image!.thumb!))).toBe(true);
    }
    expect(reader.count({ withImage: false })).toEqual({ ok: true, value: 4 });
    reader.close();
  });

  it('takes labels from another connection while the worker commits frames, refusing stale and malformed changes', async () => {
    const dir = tempDir();
    const store = openResultStore(dir, { flushIntervalMs: 5 });
    const run = store.beginRun(SOURCE, { name: 'test', version: 3 });
    store.append(run, makeFrameResult(0, false));
    await store.flush();
    const labels = openLabelWriter(dir);
    let revision: number | null = null;
    for (let seq = 1; seq <= 40; seq++) {
      store.append(run, makeFrameResult(seq)); // the worker commits every few ms meanwhile
      const changed = labels.apply({ frameId: 1, value: seq % 2 ? 'scratch' : 'ok', author: 'ana', replaces: revision });
      if (!changed.ok) throw new Error(changed.error.message);
      revision = changed.value.revision;
      await new Promise((r) => setTimeout(r, 2));
    }
    const stale = labels.apply({ frameId: 1, value: 'dent', author: 'ben', replaces: 1 });
    expect(!stale.ok && stale.error.message).toMatch(/stale.*current one is revision 40 \(ok, by ana\)/);
    const malformed = labels.apply({ frameId: 1, value: '', author: 'ben', replaces: 40 });
    expect(!malformed.ok && malformed.error.message).toMatch(/label change refused: value/);
    await store.flush();
    expect(store.persistedSeq(run)).toBe(40);
    store.close();
    labels.close();
    const reader = openHistoryReader(dir);
    expect(reader.labelHistory(1)).toHaveLength(40);
    expect(reader.count({ label: { values: ['ok'] } })).toEqual({ ok: true, value: 1 });
    reader.close();
  });
});
