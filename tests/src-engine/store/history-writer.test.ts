// The writer the store's worker runs, in the test's thread: pictures kept and
// listed, a full disk (injected ENOSPC for files, a page limit for SQLite)
// costing pictures or time but never an acknowledged frame, and the quota.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ImageFiles } from '../../../src-engine/store/image-files.js';
import { opencv } from '../../../src-engine/opencv.js';
import { writeFileAtomicSync } from '../../../src-engine/files/write-file-atomic.js';
import type { RawImage } from '../../../src-engine/store/raw-image.js';
import { frameFrom, openTestHistory } from './history-fixture.js';
import { useTempDirs } from '../../temp-dirs.js';

const tempDir = useTempDirs('history-writer');

function picture(seed: number): RawImage {
  const data = new Uint8Array(64 * 48);
  for (let i = 0; i < data.length; i++) data[i] = (i * seed + (i >> 6)) & 0xff;
  return { width: 64, height: 48, channels: 1, depth: 8, data: data.buffer };
}

function enospc(): never {
  throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
}

describe('HistoryWriter pictures', () => {
  it('writes the picture and its thumbnail under images/, and lists them', () => {
    const h = openTestHistory(tempDir());
    const run = h.run();
    h.writer.add({ type: 'frame', run, result: frameFrom({ seq: 7, ok: false }), picture: { image: picture(3), reason: 'ng' } });
    h.writer.commit();
    expect(h.writer.storeNextPicture()).toBe(false);
    const row = h.db.prepare('SELECT reason, full_path, thumb_path, full_bytes FROM images').get() as Record<string, unknown>;
    expect(row).toMatchObject({ reason: 'ng', full_path: `${run}/7.png`, thumb_path: `${run}/7.thumb.png` });
    expect(readdirSync(path.join(h.dir, 'images', String(run))).sort()).toEqual(['7.png', '7.thumb.png']);
    expect(h.writer.imageBytes).toBeGreaterThan(row.full_bytes as number);
    h.close();
  });

  it('on a full disk drops pictures with one clear report, records every frame, and says when pictures are kept again', () => {
    let full = true;
    const dir = tempDir();
    const files = new ImageFiles(path.join(dir, 'images'), (file, data) => (full ? enospc() : writeFileAtomicSync(file, data)));
    const h = openTestHistory(dir, { files });
    const run = h.run();
    for (let seq = 0; seq < 5; seq++) h.writer.add({ type: 'frame', run, result: frameFrom({ seq, ok: false }), picture: { image: picture(seq + 1), reason: 'ng' } });
    const committed = h.writer.commit();
    expect(committed?.frames).toBe(5);
    while (h.writer.storeNextPicture());
    expect(h.reports).toHaveLength(1);
    expect(h.reports[0]).toMatch(/picture of frame 0 .*not kept: ENOSPC: no space left on device.*inspection and result records go on/);
    full = false;
    h.writer.add({ type: 'frame', run, result: frameFrom({ seq: 5, ok: false }), picture: { image: picture(9), reason: 'ng' } });
    h.writer.commit();
    h.writer.storeNextPicture();
    expect(h.reports[1]).toMatch(/pictures are kept again \(5 failure/);
    expect((h.db.prepare('SELECT COUNT(*) AS n FROM frames').get() as { n: number }).n).toBe(6);
    expect((h.db.prepare('SELECT frame_id FROM images').all() as { frame_id: number }[]).map((r) => r.frame_id)).toEqual([6]);
    // Nothing of the pictures that failed is left on disk.
    expect(readdirSync(path.join(dir, 'images', String(run)))).toEqual(['5.png', '5.thumb.png']);
    h.close();
  });

  it('keeps every picture when they come faster than they compress: uncompressed while behind, compressed again once caught up, each said once', () => {
    const h = openTestHistory(tempDir(), { fastPictureBacklog: 4 });
    const run = h.run();
    const images = Array.from({ length: 10 }, (_, seq) => picture(seq + 2));
    for (let seq = 0; seq < 10; seq++) h.writer.add({ type: 'frame', run, result: frameFrom({ seq, ok: false }), picture: { image: images[seq], reason: 'ng' } });
    h.writer.commit();
    while (h.writer.storeNextPicture());
    const rows = h.db.prepare('SELECT full_path, full_bytes FROM images ORDER BY frame_id').all() as { full_path: string; full_bytes: number }[];
    expect(rows).toHaveLength(10); // none dropped
    const raw = 64 * 48;
    // 9 wait behind the first: uncompressed (rows stored, a little over the raw size) while 4 or more wait…
    for (const r of rows.slice(0, 8)) expect(r.full_bytes).toBeGreaterThan(raw);
    // …then, the queue down to one, compressed again.
    for (const r of rows.slice(9)) expect(r.full_bytes).toBeLessThan(raw / 2);
    // Lossless either way.
    const cv = opencv();
    rows.forEach((r, seq) => {
      const back = cv.imread(path.join(h.dir, 'images', ...r.full_path.split('/')), cv.IMREAD_UNCHANGED);
      expect(Buffer.compare(back.getData(), Buffer.from(images[seq].data))).toBe(0);
    });
    expect(h.reports).toEqual([
      expect.stringMatching(/pictures come faster than they compress \(\d+ waiting\); they are kept uncompressed, lossless/),
      expect.stringMatching(/pictures are compressed again \(\d+ kept uncompressed\)/),
    ]);
    h.close();
  });

  it('keeps frames queued and unacknowledged while the database is full, and commits them all once there is room', () => {
    const h = openTestHistory(tempDir());
    const run = h.run();
    h.add(run, [{ seq: 0 }]);
    const pages = h.db.pragma('page_count', { simple: true }) as number;
    h.db.pragma(`max_page_count = ${pages}`); // the database file cannot grow: SQLite's "disk is full"
    for (let seq = 1; seq <= 300; seq++) h.writer.add({ type: 'frame', run, result: frameFrom({ seq }), picture: null });
    expect(h.writer.commit()).toBeNull();
    expect(h.writer.commit()).toBeNull();
    expect(h.reports).toHaveLength(1);
    expect(h.reports[0]).toMatch(/300 wait in memory and are retried: database or disk is full/);
    expect(h.writer.queued).toBe(300);
    h.db.pragma('max_page_count = 1073741823');
    const committed = h.writer.commit();
    expect(committed).toEqual({ runs: new Map([[run, 300]]), runIds: new Map(), frames: 300 }); // the run's row was committed before
    expect(h.reports[1]).toMatch(/committing again after 2 failed attempt/);
    expect((h.db.prepare('SELECT COUNT(*) AS n FROM frames').get() as { n: number }).n).toBe(301);
    h.close();
  });

  it('takes the picture back when its thumbnail cannot be written: a picture is kept whole or not at all', () => {
    const dir = tempDir();
    const files = new ImageFiles(path.join(dir, 'images'), (file, data) => (file.endsWith('.thumb.png') ? enospc() : writeFileAtomicSync(file, data)));
    const h = openTestHistory(dir, { files });
    const run = h.run();
    h.writer.add({ type: 'frame', run, result: frameFrom({ seq: 0, ok: false }), picture: { image: picture(5), reason: 'ng' } });
    h.writer.commit();
    h.writer.storeNextPicture();
    expect(readdirSync(path.join(dir, 'images', String(run)))).toEqual([]);
    expect(h.db.prepare('SELECT COUNT(*) AS n FROM images').get()).toEqual({ n: 0 });
    h.close();
  });
});

describe('picture quota', () => {
  it('evicts the oldest sampled OK pictures first, never an NG or a labelled one', () => {
    const dir = tempDir();
    const h = openTestHistory(dir, { imageQuotaBytes: 1e12 });
    const run = h.run();
    const reasons = ['sampled-ok', 'ng', 'sampled-ok', 'sampled-ok', 'ng', 'sampled-ok'] as const;
    reasons.forEach((reason, seq) =>
      h.writer.add({ type: 'frame', run, result: frameFrom({ seq, ok: reason !== 'ng' }), picture: { image: picture(seq + 2), reason } }),
    );
    h.writer.commit();
    while (h.writer.storeNextPicture());
    h.labels.apply({ frameId: 1, value: 'reference', author: 'ana', replaces: null }); // the oldest sampled OK one
    const sizes = h.db.prepare('SELECT frame_id, full_bytes + thumb_bytes AS bytes FROM images ORDER BY frame_id').all() as { frame_id: number; bytes: number }[];
    const total = sizes.reduce((s, r) => s + r.bytes, 0);
    h.close();

    // Room for all but about two pictures: the two oldest unlabelled sampled OK ones (frames 3 and 4) go.
    const tight = openTestHistory(dir, { imageQuotaBytes: total - sizes[2].bytes - 1 });
    const run2 = tight.run(undefined, 2);
    tight.writer.add({ type: 'frame', run: run2, result: frameFrom({ seq: 0, ok: false }), picture: { image: picture(40), reason: 'ng' } });
    tight.writer.commit();
    tight.writer.storeNextPicture();
    const kept = tight.db.prepare('SELECT frame_id FROM images WHERE full_path IS NOT NULL ORDER BY frame_id').all() as { frame_id: number }[];
    expect(kept.map((r) => r.frame_id)).toEqual([1, 2, 5, 6, 7]);
    expect(existsSync(path.join(dir, 'images', String(run), '2.png'))).toBe(false);
    expect(existsSync(path.join(dir, 'images', String(run), '3.thumb.png'))).toBe(false);
    expect(existsSync(path.join(dir, 'images', String(run), '0.png'))).toBe(true);

    // Only NG and labelled pictures left over the quota: nothing is evicted, and it is said once.
    const ngOnly = openTestHistory(dir, { imageQuotaBytes: 1 });
    const run3 = ngOnly.run(undefined, 3);
    ngOnly.writer.add({ type: 'frame', run: run3, result: frameFrom({ seq: 0, ok: false }), picture: { image: picture(41), reason: 'ng' } });
    ngOnly.writer.commit();
    ngOnly.writer.storeNextPicture();
    const after = ngOnly.db.prepare('SELECT frame_id FROM images WHERE full_path IS NOT NULL ORDER BY frame_id').all() as { frame_id: number }[];
    expect(after.map((r) => r.frame_id)).toEqual([1, 2, 5, 7, 8]);
    expect(ngOnly.reports.filter((r) => /only NG or labelled ones are left/.test(r))).toHaveLength(1);
    tight.close();
    ngOnly.close();
  });
});

describe('HistoryWriter outlines', () => {
  it("records a part's hole outlines, so an export can write a washer as a mask", () => {
    const h = openTestHistory(tempDir());
    const run = h.run();
    const washer = frameFrom({ seq: 1, ok: true });
    const hole: [number, number][] = [[14, 16], [16, 14], [18, 16], [16, 18]];
    washer.objects[0].holes = [hole];
    h.writer.add({ type: 'frame', run, result: washer, picture: null });
    h.writer.add({ type: 'frame', run, result: frameFrom({ seq: 2, ok: true }), picture: null });
    h.writer.commit();
    const rows = h.db.prepare('SELECT f.seq, s.hole_outlines FROM object_shapes s JOIN frames f ON f.id = s.frame_id ORDER BY f.seq').all() as { seq: number; hole_outlines: string | null }[];
    expect(rows[0].hole_outlines && JSON.parse(rows[0].hole_outlines)).toEqual([hole]);
    expect(rows.slice(1).every((r) => r.hole_outlines === null)).toBe(true); // no holes recorded as none
    h.close();
  });
});
