// The Training screen (run monitor) against the real web host: event files are
// written from this test process with the runs library's own writer, into the
// host's data folder (its default log folder is <data>/runs), and the page is
// checked for what it draws. Every test uses its own metric names, so its
// charts hold only its own runs even though all runs share the folder.
import { test, expect, type Page } from '@playwright/test';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encode } from 'fast-png';
import { EventFileWriter } from '../../src-engine/runs/index.js';

const DATA = process.env.LOUPE_E2E_DATA!;
const RUNS = join(DATA, 'runs');
const WALL0 = 1_750_000_000;

let counter = 0;
/** A name no other test (or earlier run of this one) used. */
const unique = (what: string) => `${what}${Date.now().toString(36)}${counter++}`;

function openWriter(dir: string): EventFileWriter {
  const opened = EventFileWriter.open(dir);
  if (!opened.ok) throw new Error(opened.error.message);
  return opened.value;
}

function addPoints(w: EventFileWriter, tag: string, from: number, to: number, value: (step: number) => number): void {
  for (let step = from; step < to; step++) {
    const r = w.addScalar(tag, value(step), step, WALL0 + step);
    if (!r.ok) throw new Error(r.error.message);
  }
  const flushed = w.flush();
  if (!flushed.ok) throw new Error(flushed.error.message);
}

async function openMonitor(page: Page): Promise<void> {
  await page.goto('/');
  await page.keyboard.press('F2');
  await expect(page.getByTestId('monitor-view')).toBeVisible();
}

const chartOf = (page: Page, metric: string) => page.locator(`[data-testid="monitor-chart"][data-metric="${metric}"]`);
const firstValues = async (page: Page, metric: string): Promise<number[]> => JSON.parse((await chartOf(page, metric).getAttribute('data-first-values'))!);

test('Training tab (F2) and back to Live (F1); Live is the default', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('run-state')).toBeVisible();
  await expect(page.getByTestId('tab-live')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('F2');
  await expect(page.getByTestId('monitor-view')).toBeVisible();
  await expect(page.getByTestId('run-state')).toHaveCount(0);
  await expect(page.getByTestId('logdir-chip')).toContainText(RUNS);
  await page.keyboard.press('F1');
  await expect(page.getByTestId('run-state')).toBeVisible();
});

test("a run's chart grows while its event file is appended to", async ({ page }) => {
  const metric = unique('grow');
  const w = openWriter(join(RUNS, unique('live-')));
  addPoints(w, `batch_${metric}`, 0, 40, (s) => Math.exp(-s / 30));
  await openMonitor(page);
  const chart = chartOf(page, metric);
  await expect(chart).toHaveAttribute('data-points', '40');
  for (const total of [65, 90]) {
    addPoints(w, `batch_${metric}`, total - 25, total, (s) => Math.exp(-s / 30));
    await expect(chart).toHaveAttribute('data-points', String(total));
  }
  w.close();
  await expect(chart.locator('canvas')).toBeVisible();
});

test('two runs are overlaid on one chart, train against val, and both are listed', async ({ page }) => {
  const metric = unique('ovl');
  const runA = unique('exp-a-');
  const runB = unique('exp-b-');
  for (const [run, scale] of [
    [runA, 1],
    [runB, 2],
  ] as const) {
    const train = openWriter(join(RUNS, run, 'train'));
    const val = openWriter(join(RUNS, run, 'validation'));
    addPoints(train, `epoch_${metric}`, 1, 6, (s) => scale / s);
    addPoints(val, `epoch_${metric}`, 1, 6, (s) => (scale * 1.2) / s);
    train.close();
    val.close();
  }
  await openMonitor(page);
  const chart = chartOf(page, metric);
  // Two runs, each with its train and validation line.
  await expect(chart).toHaveAttribute('data-series', '4');
  await expect(chart).toHaveAttribute('data-points', '20');
  await expect(page.locator(`[data-testid="run-row"][data-run="${runA}"]`)).toBeVisible();
  await expect(page.locator(`[data-testid="run-row"][data-run="${runB}"] [data-testid="final-val_${metric}"]`)).toHaveText(String(+((2 * 1.2) / 5).toPrecision(4)));
  // Unticking one run takes its lines off the chart.
  await page.locator(`[data-testid="run-row"][data-run="${runB}"] [data-testid="run-show"]`).uncheck();
  await expect(chart).toHaveAttribute('data-series', '2');
});

test('smoothing changes the drawn line as TensorBoard smooths it', async ({ page }) => {
  const metric = unique('smooth');
  const w = openWriter(join(RUNS, unique('noisy-')));
  // Alternating 0 / 1: exact in float32, so the hand-computed average below is exact too.
  const raw = (s: number) => s % 2;
  addPoints(w, `batch_${metric}`, 0, 30, raw);
  w.close();
  await openMonitor(page);
  await expect(chartOf(page, metric)).toHaveAttribute('data-points', '30');

  await page.getByTestId('smoothing').fill('0');
  await expect.poll(() => firstValues(page, metric)).toEqual(Array.from({ length: 20 }, (_, s) => raw(s)));

  await page.getByTestId('smoothing').fill('0.9');
  // Debiased EMA by hand: last = 0.9 last + 0.1 v, shown as last / (1 - 0.9^n).
  let last = 0;
  const expected = Array.from({ length: 20 }, (_, s) => {
    last = 0.9 * last + 0.1 * raw(s);
    return last / (1 - 0.9 ** (s + 1));
  });
  const smoothed = await firstValues(page, metric);
  expect(smoothed).toHaveLength(20);
  smoothed.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
  expect(smoothed[1]).toBeCloseTo(0.1 / 0.19, 12);
});

test("clicking an epoch shows its confusion matrix and misclassified samples", async ({ page }) => {
  const metric = unique('loss');
  const run = unique('loupe-');
  const runDir = join(RUNS, run);
  const train = openWriter(join(runDir, 'train'));
  const val = openWriter(join(runDir, 'validation'));
  addPoints(train, `epoch_${metric}`, 1, 4, (s) => 1 / s);
  addPoints(val, `epoch_${metric}`, 1, 4, (s) => 1.1 / s);
  train.close();
  val.close();
  const crop = Buffer.from(encode({ width: 32, height: 32, channels: 1, depth: 8, data: new Uint8Array(32 * 32).map((_, i) => (i * 7) % 256) })).toString('base64');
  mkdirSync(join(runDir, 'loupe'), { recursive: true });
  writeFileSync(
    join(runDir, 'loupe', 'run.json'),
    JSON.stringify({ schema: 'loupe.run/1', runId: run, config: {}, hparams: { learningRate: 0.001, batchSize: 16 }, backend: 'wasm', classes: ['ok', 'ng'], state: 'finished', createdAtMs: Date.now() }),
  );
  const sample = (id: string, label: string, predicted: string) => ({
    sampleId: id,
    label,
    predicted,
    confidence: 0.8,
    cropPng: crop,
    cropSize: 32,
    metrics: { area: 310, circularity: 0.74 },
    outline: [
      [4, 4],
      [28, 4],
      [28, 28],
      [4, 28],
    ],
    origin: 'synthetic seed 7, frame 2',
    historyRef: null,
  });
  writeFileSync(
    join(runDir, 'loupe', 'epoch-1.json'),
    JSON.stringify({ epoch: 1, classes: ['ok', 'ng'], confusion: [[30, 1], [2, 9]], misclassified: [sample('s1', 'ok', 'ng'), sample('s2', 'ng', 'ok'), sample('s3', 'ng', 'ok')], metrics: { val_loss: 1.1 } }),
  );

  await openMonitor(page);
  const chart = chartOf(page, metric);
  await expect(chart).toHaveAttribute('data-points', '6');
  // Epochs 1..3 span the x axis; a click near its left end is nearest to epoch 1.
  const box = (await chart.locator('canvas').boundingBox())!;
  await chart.locator('canvas').click({ position: { x: box.width * 0.16, y: box.height * 0.4 } });
  const panel = page.getByTestId('epoch-panel');
  await expect(panel).toContainText(`${run} · epoch 1`);
  await expect(panel.getByTestId('confusion-cell')).toHaveText(['30', '1', '2', '9']);
  const samples = panel.getByTestId('misclassified-sample');
  await expect(samples).toHaveCount(3);
  await expect(samples.first().getByTestId('sample-outline')).toBeVisible();
  // The crop really decoded (the CSP allows data: images).
  await expect.poll(() => samples.first().locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(32);
});

test('a log folder opens by its path; a wrong path is named and changes nothing', async ({ page }) => {
  const elsewhere = join(DATA, unique('other-logs-'));
  const metric = unique('ext');
  const w = openWriter(join(elsewhere, 'keras-run', 'train'));
  addPoints(w, `epoch_${metric}`, 0, 5, (s) => 5 - s);
  w.close();
  await openMonitor(page);
  const chips = page.getByTestId('logdir-chip');
  await expect(chips).toHaveCount(1);
  await page.getByTestId('logdir-input').fill(join(DATA, 'no-such-folder'));
  await page.getByTestId('logdir-open').click();
  await expect(page.getByTestId('logdir-error')).toHaveText(`no folder at ${join(DATA, 'no-such-folder')}`);
  await expect(chips).toHaveCount(1);
  await page.getByTestId('logdir-input').fill(elsewhere);
  await page.getByTestId('logdir-open').click();
  await expect(chips).toHaveCount(2);
  await expect(page.getByTestId('logdir-error')).toHaveCount(0);
  await expect(chartOf(page, metric)).toHaveAttribute('data-points', '5');
  // Closed again so later tests see only the default folder.
  await chips.filter({ hasText: elsewhere }).getByTestId('logdir-close').click();
  await expect(chips).toHaveCount(1);
  await expect(chartOf(page, metric)).toHaveCount(0);
});

test("a run's scalars download as CSV and a chart as PNG", async ({ page }) => {
  const metric = unique('csv');
  const run = unique('export-');
  const w = openWriter(join(RUNS, run));
  addPoints(w, `batch_${metric}`, 0, 3, (s) => s + 0.5);
  w.close();
  await openMonitor(page);
  await expect(chartOf(page, metric)).toHaveAttribute('data-points', '3');
  const [csv] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-testid="run-row"][data-run="${run}"] [data-testid="run-csv"]`).click()]);
  expect(csv.suggestedFilename()).toBe(`${run}.csv`);
  const text = readFileSync((await csv.path())!, 'utf8');
  expect(text.split('\n').slice(0, 4)).toEqual(['run,tag,step,wall_time,value', `${run},batch_${metric},0,${WALL0},0.5`, `${run},batch_${metric},1,${WALL0 + 1},1.5`, `${run},batch_${metric},2,${WALL0 + 2},2.5`]);
  const [png] = await Promise.all([page.waitForEvent('download'), chartOf(page, metric).getByTestId('chart-png').click()]);
  expect(png.suggestedFilename()).toMatch(/\.png$/);
  expect(readFileSync((await png.path())!).subarray(1, 4).toString()).toBe('PNG');
});
