// Lots, alarms, the shift report and the SPC charts in Chromium against the real
// engine (whose data folder the web host names): what the page shows is checked
// against what the engine itself reports to a second client.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import type { EngineStatus } from '../../src-shared/events.js';
import type { AlarmConfig } from '../../src-shared/spc/alarms.js';
import { EngineObserver } from './engine-observer.js';

let observer: EngineObserver;
let rules: AlarmConfig;

test.beforeAll(async ({ baseURL }) => {
  observer = new EngineObserver(`${baseURL!.replace('http', 'ws')}/ws`);
  await observer.opened;
  const r = await observer.request<AlarmConfig>('production.alarmConfig', {});
  expect(r.ok).toBe(true);
  rules = r.value!;
});
test.afterAll(async () => {
  await observer.request('run.stop');
  await observer.request('production.alarmConfig', { config: rules });
  observer.close();
});

async function engineStatus(): Promise<EngineStatus> {
  const r = await observer.request<EngineStatus>('status.get');
  expect(r.ok).toBe(true);
  return r.value!;
}

test('an operator starts a lot, its counters match the engine, and the shift report downloads as CSV + chart PNGs', async ({ page }, testInfo) => {
  await observer.request('run.stop');
  await page.goto('/');
  await expect(page.getByTestId('lot-form')).toBeVisible();
  await page.getByTestId('lot-form').getByTestId('operator-name').fill('Ana');
  await page.getByTestId('lot-form').getByTestId('operator-name').press('Enter');
  const lotId = `E2E-${Date.now()}`;
  await page.getByTestId('lot-id').fill(lotId);
  await page.getByTestId('lot-product').fill('washer');
  await page.getByTestId('lot-start').click();
  await expect(page.getByTestId('lot-current')).toContainText(lotId);

  await observer.request('run.start');
  await page.waitForTimeout(2500);
  await observer.request('run.stop');
  const production = (await engineStatus()).production!;
  expect(production.lot?.lotId).toBe(lotId);
  expect(production.lot?.operator).toBe('Ana');
  const c = production.lotCounters!;
  expect(c.frames).toBeGreaterThan(0);
  await expect(page.getByTestId('lot-counters')).toContainText(`${c.frames}`);

  const downloads: string[] = [];
  page.on('download', async (d) => {
    const path = testInfo.outputPath(d.suggestedFilename());
    await d.saveAs(path);
    downloads.push(path);
  });
  await page.getByTestId('shift-report').click();
  await expect(page.getByTestId('shift-report-note')).toContainText('downloaded');
  await expect.poll(() => downloads.length).toBe(3);
  const csv = readFileSync(downloads.find((p) => p.endsWith('.csv'))!, 'utf8');
  expect(csv).toContain(lotId);
  for (const png of downloads.filter((p) => p.endsWith('.png'))) {
    expect([...readFileSync(png).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    await testInfo.attach(png.split('/').pop()!, { path: png, contentType: 'image/png' });
  }
  await observer.request('production.endLot', {});
});

test('an alarm shows its rule, is acknowledged with A under the operator name, and the engine records who', async ({ page }, testInfo) => {
  await observer.request('run.stop');
  // Earlier tests ran the line under the default rules: acknowledge what they raised, so A acknowledges this test's alarm.
  for (const open of (await engineStatus()).production?.openAlarms ?? []) {
    if (open.acknowledgedBy === null) expect((await observer.request('production.ackAlarm', { alarmId: open.id, by: 'e2e set-up' })).ok).toBe(true);
  }
  await page.goto('/');
  await page.evaluate(() => localStorage.setItem('loupe.operator', 'Bo'));
  await page.reload();
  // One NG frame raises it: the synthetic line has NG frames within a second.
  expect((await observer.request('production.alarmConfig', { config: { consecutiveNg: 1, ngRate: null, unit: 'frame' } })).ok).toBe(true);
  await observer.request('run.start');
  // An earlier test's line may have left an alarm of the default rules open: find this rule's own banner.
  const alarm = page.getByTestId('alarm').filter({ has: page.getByTestId('alarm-message').getByText('1 NG frames in a row', { exact: true }) }).first();
  await expect(alarm).toBeVisible();
  await observer.request('run.stop');
  const id = Number(await alarm.getAttribute('data-alarm-id'));
  const path = testInfo.outputPath('alarm-banner.png');
  await page.screenshot({ path });
  await testInfo.attach('alarm-banner', { path, contentType: 'image/png' });

  await page.locator('body').click({ position: { x: 5, y: 400 } });
  await page.keyboard.press('a');
  const ackedBy = async () => {
    const a = (await engineStatus()).production!.openAlarms.find((x) => x.id === id);
    return a === undefined ? 'closed' : a.acknowledgedBy;
  };
  await expect.poll(ackedBy).not.toBeNull();
  // The record, open or closed by now: the shift report lists every alarm with who acknowledged it.
  const report = await observer.request<{ report: { alarms: { id: number; acknowledgedBy: string | null }[] } }>('production.report', {});
  expect(report.ok).toBe(true);
  expect(report.value!.report.alarms.find((a) => a.id === id)?.acknowledgedBy).toBe('Bo');
  await expect(page.locator(`[data-testid="alarm"][data-alarm-id="${id}"] [data-testid="alarm-ack"]`)).toHaveCount(0);
});

test('the SPC tab charts the live values with Chart.js: X̄ and R with their limits', async ({ page }, testInfo) => {
  await page.goto('/');
  await observer.request('run.start');
  await page.getByTestId('tab-spc').click();
  await expect(page.getByTestId('spc-view')).toBeVisible();
  // 25 subgroups of 5 parts need a few seconds of the line.
  await expect(page.locator('[data-testid="spc-chart"][data-label="X̄"]')).toBeVisible({ timeout: 30_000 });
  await expect.poll(async () => Number(await page.locator('[data-testid="spc-chart"][data-label="X̄"]').getAttribute('data-points')), { timeout: 30_000 }).toBeGreaterThan(5);
  await expect(page.locator('[data-testid="spc-chart"] canvas')).toHaveCount(2);
  await expect(page.getByTestId('spc-capability')).toBeVisible();
  await observer.request('run.stop');
  const path = testInfo.outputPath('spc.png');
  await page.screenshot({ path });
  await testInfo.attach('spc', { path, contentType: 'image/png' });
});
