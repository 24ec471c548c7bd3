// The NG strip against the engine's own count: with the synthetic line at 30 fps
// and a busy loop taking one of the machine's cores, the page must still list
// every NG frame (previews are latest-wins and get dropped under load; the NG
// frames travel on their own event and must not be).
import { test, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import type { EngineStatus } from '../../src-shared/events.js';
import { EngineObserver } from './engine-observer.js';

const RUN_MS = 10_000;
/** The strip's cap (src-renderer/lib/ng-strip-buffer.ts). */
const MAX_SHOWN = 300;

let observer: EngineObserver;

test.beforeAll(async ({ baseURL }) => {
  observer = new EngineObserver(`${baseURL!.replace('http', 'ws')}/ws`);
  await observer.opened;
});
test.afterAll(async () => {
  await observer.request('run.stop');
  observer.close();
});

async function engineStatus(): Promise<EngineStatus> {
  const r = await observer.request<EngineStatus>('status.get');
  expect(r.ok).toBe(true);
  return r.value!;
}

const stripAttr = async (page: Page, name: 'data-received' | 'data-shown') => Number(await page.getByTestId('ng-strip').getAttribute(name));

/** A child process spinning on one core for as long as it lives. */
function busyLoop(): ChildProcess {
  return spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
}

test('the NG strip holds every NG frame at 30 fps under load: its count equals the engine NG frame count', async ({ page }, testInfo) => {
  await observer.request('run.stop');
  await page.goto('/');
  await expect(page.getByTestId('run-state')).not.toHaveText('OFFLINE');
  await expect(page.getByTestId('ng-strip')).toBeVisible();
  const before = await engineStatus();
  const stripBefore = await stripAttr(page, 'data-received');

  const busy = busyLoop();
  let during: EngineStatus;
  try {
    expect((await observer.request('run.start')).ok).toBe(true);
    await page.waitForTimeout(RUN_MS / 2);
    during = await engineStatus();
    await page.waitForTimeout(RUN_MS / 2);
    expect((await observer.request('run.stop')).ok).toBe(true);
  } finally {
    busy.kill();
  }
  const after = await engineStatus();
  const ngFrames = after.counters.framesNg - before.counters.framesNg;
  const frames = after.counters.frames - before.counters.frames;
  testInfo.annotations.push({
    type: 'figures',
    description: `${frames} frames (${during.fps} fps mid-run), ${ngFrames} NG, ${after.counters.previewsDropped - before.counters.previewsDropped} previews dropped`,
  });
  expect(ngFrames).toBeGreaterThan(0);

  await expect.poll(() => stripAttr(page, 'data-received'), { timeout: 10_000 }).toBe(stripBefore + ngFrames);
  const shown = Math.min(MAX_SHOWN, stripBefore + ngFrames);
  await expect.poll(() => stripAttr(page, 'data-shown')).toBe(shown);
  await expect(page.getByTestId('ng-entry')).toHaveCount(shown);
  const seqs = await page.getByTestId('ng-entry').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-seq'))));
  expect(new Set(seqs).size).toBe(seqs.length);

  // Opening one shows it larger with every part's outline and what failed.
  await page.getByTestId('ng-entry').first().click();
  const dialog = page.getByTestId('ng-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('[data-testid="ng-outline"][data-ok="false"]').first()).toBeVisible();
  await expect(dialog.locator('image')).toHaveCount(1);

  const path = testInfo.outputPath('ng-dialog.png');
  await page.screenshot({ path });
  await testInfo.attach('ng-dialog', { path, contentType: 'image/png' });
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('an NG frame of the strip opens its full picture from the history, outlines on it', async ({ page }) => {
  await observer.request('run.stop');
  await page.goto('/');
  await expect(page.getByTestId('run-state')).not.toHaveText('OFFLINE');
  await observer.request('run.start');
  await expect(page.getByTestId('ng-entry').first()).toBeVisible();
  await observer.request('run.stop');
  // The results store commits about once a second: give the last frames time to land.
  await page.waitForTimeout(1500);
  await page.getByTestId('ng-entry').last().click();
  const dialog = page.getByTestId('ng-dialog');
  // The history keeps the picture of every NG frame, written a little after the frame's row (PNG
  // encoding in the store's worker): asked too early it says so, and the operator asks again.
  await expect(async () => {
    await dialog.getByTestId('ng-dialog-full').click();
    await expect(dialog.getByTestId('ng-dialog-picture')).toHaveAttribute('data-picture', 'full', { timeout: 2000 });
  }).toPass({ timeout: 20_000 });
  expect(await dialog.locator('image').getAttribute('href')).toMatch(/^data:image\/png;base64,/);
  await expect(dialog.locator('[data-testid="ng-outline"][data-ok="false"]').first()).toBeVisible();
});
