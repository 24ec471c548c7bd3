// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { flush, setupStores } from './setup-stores.js';
import { FakeClient } from './fixtures.js';
import { FakeHistory, paramsOf, T0 } from './review-fixtures.js';
import { PAGE_SIZE, useReviewStore } from '../../src-renderer/stores/review.js';
import type { HistoryQuery } from '../../src-shared/history-contract.js';
import type { HistoryJob, WhatIfResult } from '../../src-shared/history-methods.js';
import { useErrorsStore } from '../../src-renderer/stores/errors.js';
import { makeRecipe } from './fixtures.js';

function job(over: Partial<HistoryJob> = {}): HistoryJob {
  return { jobId: 'j1', kind: 'import', state: 'running', done: 0, total: 10, message: '', problems: [], startedAtMs: 1, result: null, ...over };
}

describe('review store', () => {
  let client: FakeClient;
  let history: FakeHistory;
  let review: ReturnType<typeof useReviewStore>;

  beforeEach(async () => {
    client = new FakeClient();
    history = new FakeHistory(client, 450);
    setupStores(client);
    review = useReviewStore();
    await review.attach();
  });

  it('shows the match count and the first page of the whole history, newest first', () => {
    expect(review.count).toBe(450);
    expect(review.length).toBe(450);
    expect(review.rowAt(0)?.frameId).toBe(450);
    expect(review.rowAt(PAGE_SIZE)).toBeUndefined();
    expect(paramsOf<HistoryQuery>(client, 'history.query')[0]).toMatchObject({ filter: {}, page: { limit: PAGE_SIZE, offset: 0 } });
  });

  it('scrolling on asks for the next page after the last row held (keyset)', async () => {
    await review.ensureRows(PAGE_SIZE, PAGE_SIZE + 10);
    const last = review.rowAt(PAGE_SIZE - 1)!;
    expect(paramsOf<HistoryQuery>(client, 'history.query').at(-1)!.page).toEqual({ limit: PAGE_SIZE, after: { value: last.sortValue, frameId: last.frameId } });
    expect(review.rowAt(PAGE_SIZE)?.frameId).toBe(450 - PAGE_SIZE);
  });

  it('a filter to NG sends the checked filter and counts its matches', async () => {
    review.form.verdict = 'ng';
    expect(await review.applyForm()).toBe(true);
    expect(review.count).toBe(150);
    expect(paramsOf<HistoryQuery>(client, 'history.query').at(-1)!.filter).toEqual({ verdict: 'ng' });
    expect(review.rowAt(0)?.verdict).toBe('ng');
  });

  it('a bad filter is refused in the form; nothing is sent and the results shown stay', async () => {
    const sent = client.requests.length;
    review.form.metrics.push({ scope: 'object', metric: 'circularity', min: '0.9', max: '0.2' });
    expect(await review.applyForm()).toBe(false);
    expect(review.formError?.message).toMatch(/inverted/);
    expect(client.requests.length).toBe(sent);
    expect(review.count).toBe(450);
    expect(review.rowAt(0)?.frameId).toBe(450);
    // Fixed, it goes through and the message goes away.
    review.form.metrics[0].max = '';
    expect(await review.applyForm()).toBe(true);
    expect(review.formError).toBeNull();
  });

  it('opens a record with its objects and full picture, and steps to the next and previous match', async () => {
    await review.open(2);
    expect(review.frame?.row.frameId).toBe(448);
    expect(review.frame?.objects).toHaveLength(2);
    expect(review.picture?.url).toMatch(/^blob:/);
    expect(paramsOf(client, 'history.picture').at(-1)).toEqual({ frameId: 448 });
    await review.step(1);
    expect(review.selectedIndex).toBe(3);
    await review.step(-1);
    await review.step(-1);
    expect(review.frame?.row.frameId).toBe(449);
  });

  it('a record whose picture was evicted opens with its overlays and says why there is no picture', async () => {
    history.rows[449] = { ...history.rows[449], image: { full: null, thumb: null, reason: 'ng' } };
    await review.reload();
    await review.open(0);
    expect(review.frame?.row.frameId).toBe(450);
    expect(review.picture).toBeNull();
    expect(review.pictureProblem).toMatch(/no longer kept/);
  });

  it('asks for thumbnails of the frames on screen only, each once', async () => {
    review.wantThumbnails([450, 449, 448]);
    await flush(10);
    review.wantThumbnails([449, 448, 447]);
    await flush(10);
    expect(paramsOf(client, 'history.thumbnails')).toEqual([{ frameIds: [450, 449, 448] }, { frameIds: [447] }]);
    expect(review.thumbnailOf(447)).toMatch(/^data:image\/png;base64,iVBOR/);
  });

  it('a live trend point opens the history ±1 s around it, at the frame with its seq', async () => {
    const target = history.rows[99];
    await review.showLiveFrame({ atMs: target.capturedAtMs + 40, seq: target.seq });
    expect(paramsOf<HistoryQuery>(client, 'history.query').at(-1)!.filter).toEqual({ time: { fromMs: target.capturedAtMs - 960, toMs: target.capturedAtMs + 1040 } });
    expect(review.frame?.row.frameId).toBe(target.frameId);
    // Without a matching seq, the nearest in time.
    await review.showLiveFrame({ atMs: T0 + 205 * 100 + 10, seq: 99999 });
    expect(review.frame?.row.frameId).toBe(205);
  });

  it('follows job progress from history.job events; a finished import reloads, a finished what-if fetches its flips', async () => {
    client.responders.set('history.import', () => ({ ok: true, value: job() }));
    await review.startImport('/data/parts');
    client.emitEvent('history.job', job({ done: 5, problems: ['broken.jpg: not an image'] }));
    expect(review.latestJob('import')).toMatchObject({ done: 5, problems: ['broken.jpg: not an image'] });
    const queries = paramsOf(client, 'history.query').length;
    client.emitEvent('history.job', job({ state: 'done', done: 10 }));
    await flush(10);
    expect(paramsOf(client, 'history.query').length).toBe(queries + 1);

    const result: WhatIfResult = { jobId: 'w1', recipe: { name: 'discs', version: 2 }, inspected: 3, okToNg: 1, ngToOk: 1, unchanged: 1, skipped: 0, flipped: [{ frameId: 448, from: 'ok', to: 'ng' }, { frameId: 447, from: 'ng', to: 'ok' }] };
    client.responders.set('history.whatif', () => ({ ok: true, value: job({ jobId: 'w1', kind: 'whatif' }) }));
    client.responders.set('history.whatifResult', () => ({ ok: true, value: result }));
    review.form.verdict = 'ng';
    await review.applyForm();
    await review.startWhatIf(makeRecipe({ version: 2 }));
    expect(paramsOf<{ filter: unknown }>(client, 'history.whatif')[0].filter).toEqual({ verdict: 'ng' });
    client.emitEvent('history.job', job({ jobId: 'w1', kind: 'whatif', state: 'done', done: 3, total: 3 }));
    await flush(10);
    expect(review.whatif).toMatchObject({ okToNg: 1, ngToOk: 1 });
    await review.showFlips(true);
    expect(review.length).toBe(2);
    expect(review.rowAt(0)?.frameId).toBe(448);
    expect(review.rowAt(1)?.frameId).toBe(447);
    await review.showFlips(false);
    expect(review.length).toBe(150);
  });

  it('cancel sends the job id and shows the job as the service answers', async () => {
    client.responders.set('history.cancel', () => ({ ok: true, value: job({ state: 'cancelled' }) }));
    await review.cancelJob('j1');
    expect(paramsOf(client, 'history.cancel')).toEqual([{ jobId: 'j1' }]);
    expect(review.latestJob('import')?.state).toBe('cancelled');
  });

  it('a refused export is reported with the method that failed, and the view keeps working', async () => {
    client.responders.set('history.export', () => ({ ok: false, error: { code: 'bad-request', message: 'cannot write /root/x.json' } }));
    expect(await review.startExport('coco', '/root/x.json')).toBeNull();
    expect(useErrorsStore().current).toMatchObject({ origin: 'history.export', message: 'cannot write /root/x.json' });
    await review.open(0);
    expect(review.frame?.row.frameId).toBe(450);
  });
});
