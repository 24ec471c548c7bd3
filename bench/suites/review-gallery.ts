// The Review gallery in Chromium over a history of 100,000 records: the rows
// are written with the store's own code (migrate + FrameRows, frames from the
// history-store bench's generator) into a temporary data folder, every frame
// keeps a picture (24 distinct ones written by the store's ImageFiles, shared
// round-robin, so the thumbnails are real PNGs the workbench reads and sends),
// the workbench process serves that folder beside the web host, and the built
// renderer scrolls the gallery: wheel scrolling, then jumps to the middle and
// the end (offset pages) and wheel scrolling on from there (keyset pages).
// - Longest task: PerformanceObserver('longtask') over the whole scrolling
//   (Chromium reports tasks over 50 ms only; none reported is 0).
// - Longest frame: requestAnimationFrame deltas over the same time.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from '@playwright/test';
import type { BenchRow, BenchSuite } from '../bench-row.js';
import { attachWorkbench, startLiveStack } from '../lib/live-stack.js';
import { makeGeneratedFrame } from '../lib/history-store-data.js';
import { FrameRows } from '../../src-engine/store/frame-rows.js';
import { migrate } from '../../src-engine/store/migrate.js';
import { DATABASE_FILE } from '../../src-engine/store/open-database.js';
import { ImageFiles, IMAGES_FOLDER, type StoredPicture } from '../../src-engine/store/image-files.js';
import type { RawImage } from '../../src-engine/store/raw-image.js';
import { mulberry32 } from '../../src-engine/sources/synthetic/prng.js';

const RECORDS = 100_000;
const PER_RUN = 10_000;
const PICTURES = 24;

const r1 = (v: number) => Math.round(v * 10) / 10;
const row = (name: string, value: number, unit: string, target: string, ok: boolean): BenchRow => ({ name, value: r1(value), unit, target, ok });

/** The synthetic line's seeded generator (mulberry32): the same records on every machine. */
const random = (seed: number): (() => number) => mulberry32(seed).next;

/** A 640×512 gray belt with bright discs, different for each i. */
function picture(i: number): RawImage {
  const width = 640;
  const height = 512;
  const data = new Uint8Array(width * height).fill(30);
  for (let d = 0; d < 6; d++) {
    const cx = 60 + ((i * 97 + d * 101) % 520);
    const cy = 60 + ((i * 53 + d * 71) % 390);
    for (let y = cy - 30; y <= cy + 30; y++) for (let x = cx - 30; x <= cx + 30; x++) if ((x - cx) ** 2 + (y - cy) ** 2 <= 900) data[y * width + x] = 210;
  }
  return { width, height, channels: 1, depth: 8, data: data.buffer };
}

function generate(dataDir: string): number {
  const t0 = performance.now();
  const db = new Database(join(dataDir, DATABASE_FILE));
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  migrate(db);
  const files = new ImageFiles(join(dataDir, IMAGES_FOLDER));
  const stored: StoredPicture[] = Array.from({ length: PICTURES }, (_, i) => files.write(1, 1_000_000 + i, picture(i)));
  const rows = new FrameRows(db);
  const insertRun = db.prepare('INSERT INTO runs (id, started_at_ms, source, source_kind, recipe_name, recipe_version) VALUES (?, ?, ?, ?, ?, ?)');
  const insertImage = db.prepare('INSERT INTO images (frame_id, reason, full_path, full_bytes, thumb_path, thumb_bytes, stored_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const rnd = random(20261202);
  for (let run = 0; run < RECORDS / PER_RUN; run++) {
    db.transaction(() => {
      const first = makeGeneratedFrame(run, 0, rnd);
      insertRun.run(run + 1, first.timestampMs, JSON.stringify({ kind: 'synthetic', seed: run }), 'synthetic', 'discs', first.recipe.version);
      for (let seq = 0; seq < PER_RUN; seq++) {
        const frame = seq === 0 ? first : makeGeneratedFrame(run, seq, rnd);
        const frameId = rows.insert(run + 1, frame);
        const p = stored[frameId % PICTURES];
        insertImage.run(frameId, frame.verdict.ok ? 'sampled-ok' : 'ng', p.fullPath, p.fullBytes, p.thumbPath, p.thumbBytes, frame.timestampMs);
      }
    })();
  }
  db.pragma('journal_mode = WAL');
  db.close();
  return (performance.now() - t0) / 1000;
}

async function startRecording(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[]; frameDeltas: number[]; stopFrames: boolean; observer: PerformanceObserver };
    w.longTasks = [];
    w.frameDeltas = [];
    w.stopFrames = false;
    w.observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longTasks.push(e.duration);
    });
    w.observer.observe({ type: 'longtask' });
    let last = performance.now();
    const tick = (t: number) => {
      w.frameDeltas.push(t - last);
      last = t;
      if (!w.stopFrames) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

async function stopRecording(page: Page): Promise<{ longTasks: number[]; frameDeltas: number[] }> {
  return page.evaluate(() => {
    const w = window as unknown as { longTasks: number[]; frameDeltas: number[]; stopFrames: boolean; observer: PerformanceObserver };
    w.stopFrames = true;
    for (const e of w.observer.takeRecords()) w.longTasks.push(e.duration);
    w.observer.disconnect();
    return { longTasks: w.longTasks, frameDeltas: w.frameDeltas.slice(1) };
  });
}

const shownThumbnails = (page: Page) => page.locator('[data-testid="review-gallery"] img').count();

async function wheel(page: Page, times: number, delta: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    await page.mouse.wheel(0, delta);
    await page.waitForTimeout(30);
  }
}

const suite: BenchSuite = {
  name: 'review-gallery',
  async run() {
    const dataDir = mkdtempSync(join(tmpdir(), 'loupe-bench-review-'));
    const generateSeconds = generate(dataDir);
    const stack = await startLiveStack({ fps: 30 });
    const workbench = await attachWorkbench(stack, dataDir);
    try {
      const { page } = stack;
      await page.keyboard.press('F3');
      const gallery = page.getByTestId('review-gallery');
      await gallery.waitFor({ timeout: 60_000 });
      await page.waitForFunction((n) => document.querySelector('[data-testid="review-count"]')?.textContent?.replace(/[^\d]/g, '') === String(n), RECORDS, { timeout: 60_000 });
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="review-gallery"] img').length > 0, undefined, { timeout: 60_000 });
      await page.waitForTimeout(500);
      const box = (await gallery.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);

      await startRecording(page);
      await wheel(page, 60, 400);
      await wheel(page, 20, -400);
      const jumps: number[] = [];
      let reachedEnd = false;
      for (const at of [0.5, 1]) {
        await gallery.evaluate((el, f) => (el.scrollTop = (el.scrollHeight - el.clientHeight) * f), at);
        await page.waitForFunction(() => document.querySelectorAll('[data-testid="review-gallery"] img').length > 0, undefined, { timeout: 30_000 });
        if (at === 1) reachedEnd = await page.locator(`[data-testid="gallery-cell-${RECORDS - 1}"]`).waitFor({ timeout: 10_000 }).then(() => true, () => false);
        await wheel(page, 30, at === 1 ? -400 : 400);
        // Thumbnails of where the wheel stopped arrive after it: wait for them, so the bench shows it scrolled real pictures.
        await page.waitForFunction(() => document.querySelectorAll('[data-testid="review-gallery"] img').length > 0, undefined, { timeout: 30_000 }).catch(() => undefined);
        jumps.push(await shownThumbnails(page));
      }
      const { longTasks, frameDeltas } = await stopRecording(page);
      const longestTask = longTasks.length ? Math.max(...longTasks) : 0;
      const longestFrame = Math.max(...frameDeltas);
      console.log(
        `  load ${loadavg()[0].toFixed(1)}; generated ${RECORDS.toLocaleString('en-US')} records in ${generateSeconds.toFixed(1)} s; long tasks: ${longTasks.length} (${longTasks
          .sort((a, b) => b - a)
          .slice(0, 5)
          .map(r1)
          .join(', ')} ms); frames ${frameDeltas.length}, longest ${r1(longestFrame)} ms; thumbnails shown after the jumps ${jumps.join(', ')}; last record reached: ${reachedEnd}`,
      );
      if (!reachedEnd) throw new Error(`the gallery never showed record ${RECORDS}: the scroll did not cover the history`);
      if (jumps.some((n) => n === 0)) throw new Error('the gallery showed no thumbnail after a jump: the scroll measured empty cells');
      return [
        row(`gallery scroll over ${RECORDS.toLocaleString('en-US')} records: longest task`, longestTask, 'ms', '<= 50', longestTask <= 50),
        row(`gallery scroll over ${RECORDS.toLocaleString('en-US')} records: longest frame`, longestFrame, 'ms', '<= 100', longestFrame <= 100),
      ];
    } finally {
      await workbench.close();
      await stack.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};

export default suite;
