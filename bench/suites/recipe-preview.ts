// Recipe editing, end to end: with the line paused in the editor, the time from
// changing a tolerance to the overlay redrawn with the draft's verdicts (issue
// target: within 100 ms), measured in the page from the input event to the
// animation frame after the last contour changed. A minimum no part can reach
// turns every part NG; restoring it turns some OK again. Also the engine's own
// part: a recipe.preview round trip from a Node client.
import type { BenchRow, BenchSuite } from '../bench-row.js';
import { startLiveStack } from '../lib/live-stack.js';
import { median, round } from '../lib/stats.js';
import type { Recipe } from '../../src-shared/recipe.js';

const EDITS = Number(process.env.LOUPE_BENCH_RECIPE_EDITS ?? 20);
const IMPOSSIBLE_MIN_AREA = '100000000';

/** Runs in the page: sets the area minimum and resolves with ms until the overlay shows the expected verdicts. */
function timeRedraw({ value, wantAllNg }: { value: string; wantAllNg: boolean }): Promise<number> {
  const input = document.querySelector<HTMLInputElement>('[data-testid="tol-area-min"]')!;
  const done = () => {
    const paths = [...document.querySelectorAll('[data-testid="contour"]')];
    return paths.length > 0 && paths.every((p) => p.getAttribute('data-ok') === 'false') === wantAllNg;
  };
  const t0 = performance.now();
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  return new Promise<number>((resolve, reject) => {
    const observer = new MutationObserver(() => {
      if (!done()) return;
      observer.disconnect();
      requestAnimationFrame(() => resolve(performance.now() - t0));
    });
    observer.observe(document.body, { subtree: true, attributes: true, childList: true });
    setTimeout(() => reject(new Error(`overlay never turned ${wantAllNg ? 'all-NG' : 'partly OK'}`)), 5000);
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function run(): Promise<BenchRow[]> {
  const stack = await startLiveStack({ fps: 30 });
  const { page, request } = stack;
  try {
    await request('run.start');
    await page.locator('[data-testid="overlay"]').waitFor();
    await page.keyboard.press('r');
    await page.locator('[data-testid="tol-area-min"]').waitFor();
    await page.waitForSelector('[data-testid="overlay"][data-preview="recipe"]');
    const original = await page.locator('[data-testid="tol-area-min"]').inputValue();

    const redraws: number[] = [];
    for (let i = 0; i < EDITS; i++) {
      redraws.push(await page.evaluate(timeRedraw, { value: IMPOSSIBLE_MIN_AREA, wantAllNg: true }));
      redraws.push(await page.evaluate(timeRedraw, { value: original, wantAllNg: false }));
    }
    redraws.sort((a, b) => a - b);

    const recipe = await request<Recipe>('recipe.get');
    const trips: number[] = [];
    for (let i = 0; i < EDITS; i++) {
      const t0 = performance.now();
      await request('recipe.preview', { recipe });
      trips.push(performance.now() - t0);
    }
    trips.sort((a, b) => a - b);
    const p50 = median(redraws);
    const p95 = percentile(redraws, 95);
    console.log(`recipe-preview: ${redraws.length} edits, edit → overlay redrawn p50 ${round(p50, 1)} ms, p95 ${round(p95, 1)} ms; engine recipe.preview p50 ${round(median(trips), 1)} ms`);
    return [
      { name: 'recipe edit → overlay redrawn, p50', value: round(p50, 1), unit: 'ms', target: '<= 100', ok: p50 <= 100 },
      { name: 'recipe edit → overlay redrawn, p95', value: round(p95, 1), unit: 'ms', target: 'report', ok: true },
      { name: 'engine recipe.preview round trip, p50', value: round(median(trips), 1), unit: 'ms', target: 'report', ok: true },
    ];
  } finally {
    await stack.close();
  }
}

const suite: BenchSuite = { name: 'recipe-preview', run };
export default suite;
