// The Review screen against the real web host and its workbench process: a
// labelled folder of real photos (plus one truncated JPEG) is imported through
// the page, filtered to NG, relabelled by keyboard, one outline vertex moved
// and undone, and the filtered frames exported as COCO; the exported file is
// read back and checked. Everything is scoped to the run the import made, since
// the data folder is shared with the other browser tests.
import { test, expect, type Page } from '@playwright/test';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encode } from 'fast-png';
import { requireRealImagesDir } from '../shared-data.js';

const DATA = process.env.LOUPE_E2E_DATA!;
const GOOD = ['cookie_normal-3.jpg', 'cookie_normal-9.jpg', 'cookie_normal-13.jpg', 'hazelnut_good.jpg'];
const DEFECT = ['cookie_anomaly-1.jpg', 'cookie_anomaly-7.jpg', 'cookie_anomaly-10.jpg', 'hazelnut_crack.jpg'];
const BROKEN = 'broken.jpg';
/** Besides the photos (which the default recipe, tuned for the synthetic line, judges NG), one part it passes. */
const DISC = 'disc.png';
const FILES = GOOD.length + DEFECT.length + 1;

/** A bright disc of the default recipe's nominal size (r = 32 px) on a dark belt, anti-aliased (4×4 samples a pixel). */
function discPng(): Uint8Array {
  const width = 320;
  const height = 240;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let inside = 0;
      for (let sy = 0; sy < 4; sy++) for (let sx = 0; sx < 4; sx++) if (Math.hypot(x + (sx + 0.5) / 4 - 160, y + (sy + 0.5) / 4 - 120) <= 32) inside++;
      data[y * width + x] = Math.round(20 + (200 * inside) / 16);
    }
  }
  return encode({ width, height, data, channels: 1, depth: 8 });
}

function labelledFolder(): string {
  const real = requireRealImagesDir();
  const root = join(DATA, `import-${Date.now().toString(36)}`);
  mkdirSync(join(root, 'good'), { recursive: true });
  mkdirSync(join(root, 'defect_x'), { recursive: true });
  for (const f of GOOD) copyFileSync(join(real, f), join(root, 'good', f));
  for (const f of DEFECT) copyFileSync(join(real, f), join(root, 'defect_x', f));
  writeFileSync(join(root, 'good', DISC), discPng());
  // The first 600 bytes of a real JPEG: a valid header, then nothing.
  writeFileSync(join(root, 'defect_x', BROKEN), readFileSync(join(real, DEFECT[0])).subarray(0, 600));
  return root;
}

const matches = async (page: Page): Promise<number> => Number((await page.getByTestId('review-count').innerText()).replace(/[^\d]/g, ''));

interface Coco {
  images: { id: number; width: number; height: number; class: string | null; verdict: string }[];
  annotations: { image_id: number; category_id: number; segmentation: number[][] | { counts: unknown } }[];
  categories: { id: number; name: string }[];
}

test('import a labelled folder, filter to NG, relabel by keyboard, move a vertex and undo, export COCO', async ({ page }) => {
  const folder = labelledFolder();
  await page.goto('/');
  await expect(page.getByTestId('tab-live')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('F3');
  await expect(page.getByTestId('review-view')).toBeVisible();
  await page.getByTestId('author-input').fill('e2e reviewer');
  await page.getByTestId('author-input').press('Enter');

  // 1. Import: every readable file recorded, the corrupt one reported by name.
  await page.getByTestId('import-folder').fill(folder);
  await page.getByTestId('import-start').click();
  const importJob = page.getByTestId('job-import');
  await expect(importJob).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(importJob.getByTestId('job-problems')).toContainText(BROKEN);
  const result = await importJob.getByTestId('job-result').innerText();
  expect(result).toContain(`imported: ${FILES}`);
  const runId = Number(/runId: (\d+)/.exec(result)![1]);

  // 2. This run's frames, then only its NG ones.
  await page.getByTestId('filter-run').fill(String(runId));
  await page.getByTestId('filter-apply').click();
  await expect.poll(() => matches(page)).toBe(FILES);
  await expect(page.locator('[data-testid^="gallery-cell-"]')).toHaveCount(FILES);
  const ngCells = await page.locator('[data-testid^="gallery-cell-"].ng').count();
  expect(ngCells).toBeGreaterThan(0);
  expect(ngCells).toBeLessThan(FILES);
  await page.getByTestId('filter-verdict').selectOption('ng');
  await page.getByTestId('filter-apply').click();
  await expect.poll(() => matches(page)).toBe(ngCells);
  const ng = ngCells;
  await expect(page.locator('[data-testid^="gallery-cell-"]')).toHaveCount(ng);
  expect(await page.locator('[data-testid^="gallery-cell-"]:not(.ng)').count()).toBe(0);

  // 3. Open the first NG frame with → and relabel it with a number key (1 = OK).
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('record-picture')).toBeVisible();
  const before = await page.getByTestId('label-current').innerText();
  expect(['good', 'defect_x']).toContain(before);
  await page.keyboard.press('1');
  await expect(page.getByTestId('label-current')).toHaveText('OK');
  await expect(page.getByTestId('revisions')).toContainText('label image: OK — e2e reviewer');
  await expect(page.getByTestId('gallery-cell-0').getByTestId('cell-label')).toHaveText('OK');

  // 4. Move one vertex of the first object's outline, then undo it (Ctrl+Z).
  await page.keyboard.press('o');
  await expect(page.getByTestId('label-target')).toContainText(/object \d+/);
  const objectId = Number(/object (\d+)/.exec(await page.getByTestId('label-target').innerText())![1]);
  await page.keyboard.press('e');
  const outline = page.getByTestId(`outline-${objectId}`);
  const original = await outline.getAttribute('d');
  const shape = (await outline.boundingBox())!;
  const handle = (await page.getByTestId('vertex-0').boundingBox())!;
  const hx = handle.x + handle.width / 2;
  const hy = handle.y + handle.height / 2;
  // Outward from the object's centre, so the moved vertex cannot fold the outline over itself.
  const cx = shape.x + shape.width / 2;
  const cy = shape.y + shape.height / 2;
  const len = Math.hypot(hx - cx, hy - cy) || 1;
  await page.mouse.move(hx, hy);
  await page.mouse.down();
  await page.mouse.move(hx + ((hx - cx) / len) * 10, hy + ((hy - cy) / len) * 10, { steps: 5 });
  await page.mouse.up();
  await expect(page.getByTestId('revisions')).toContainText(new RegExp(`outline #${objectId}: \\d+ points — e2e reviewer`));
  const moved = await outline.getAttribute('d');
  expect(moved).not.toBe(original);
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('revisions').locator('li', { hasText: `outline #${objectId}:` })).toHaveCount(2);
  await expect(outline).toHaveAttribute('d', original!);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');

  // 5. Export the NG frames of the run as COCO, and check what was written.
  const out = join(DATA, `coco-${Date.now().toString(36)}`);
  await page.getByTestId('export-format').selectOption('coco');
  await page.getByTestId('export-path').fill(out);
  await page.getByTestId('export-start').click();
  await expect(page.getByTestId('job-export')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  const coco = JSON.parse(readFileSync(join(out, 'annotations.json'), 'utf8')) as Coco;
  expect(coco.images).toHaveLength(ng);
  expect(coco.images.every((i) => i.verdict === 'ng')).toBe(true);
  // Categories: the image classes (the relabelled frame is OK now), each named once.
  const names = coco.categories.map((c) => c.name);
  expect(new Set(names).size).toBe(names.length);
  expect(names).toContain('OK');
  expect(new Set(names)).toEqual(new Set(coco.images.map((i) => i.class)));
  // One annotation per recorded object, as the table lists them.
  await page.keyboard.press('g');
  await expect(page.getByTestId('review-table')).toBeVisible();
  let objects = 0;
  for (let i = 0; i < ng; i++) objects += Number(await page.getByTestId(`table-row-${i}`).locator('.cell').nth(5).innerText());
  expect(coco.annotations).toHaveLength(objects);
  const byId = new Map(coco.images.map((i) => [i.id, i]));
  for (const a of coco.annotations) {
    const image = byId.get(a.image_id)!;
    expect(image).toBeDefined();
    expect(coco.categories.some((c) => c.id === a.category_id)).toBe(true);
    if (!Array.isArray(a.segmentation)) continue; // an object with holes goes out as RLE, inside its image by construction
    for (const ring of a.segmentation) {
      for (let k = 0; k < ring.length; k += 2) {
        expect(ring[k]).toBeGreaterThanOrEqual(0);
        expect(ring[k]).toBeLessThanOrEqual(image.width);
        expect(ring[k + 1]).toBeGreaterThanOrEqual(0);
        expect(ring[k + 1]).toBeLessThanOrEqual(image.height);
      }
    }
  }
});
