// The Review view's state: the filter (as typed, and as last applied), the
// sort, the match count, the rows behind the gallery and table (fetched a page
// at a time, never all), thumbnails for what is on screen, the open record
// with its full picture, and the import / export / what-if jobs with their
// progress. Big data (rows, pictures, blob URLs) lives in plain objects held by
// shallowRefs, signalled by revision counters, never deep-reactive.
import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import type { HistoryFilter, HistoryPage, HistoryRow, HistorySort } from '../../src-shared/history-contract.js';
import type { HistoryFrame, HistoryJob, WhatIfResult } from '../../src-shared/history-methods.js';
import type { Recipe } from '../../src-shared/recipe.js';
import { useLoupeClient } from '../client/client-key.js';
import { callEngine } from './request.js';
import { emptyFilterForm, filterFromForm, formAroundTime, type FilterForm } from '../lib/history-filter-form.js';
import { HistoryPages, type RowSource } from '../lib/history-pages.js';
import { FrameListRows } from '../lib/frame-list-rows.js';
import { pictureDataUrl, pictureUrl, ThumbnailCache } from '../lib/picture-url.js';

export const PAGE_SIZE = 200;
/**
 * Thumbnails per request: each answer is painted in one task (setting every image's src),
 * so smaller batches keep the tasks short while a fast scroll brings a screenful of new cells.
 */
export const THUMB_BATCH = 48;
/** A live trend point opens the history around its time: the engine's clock and the store's agree within this. */
export const LIVE_MATCH_SPAN_MS = 1000;

export interface LiveFramePick {
  atMs: number;
  seq: number | null;
}

/** One recorded frame asked for by id (a misclassified training sample's), and the object in it. */
export interface FramePick {
  frameId: number;
  objectId: number | null;
}

export const useReviewStore = defineStore('review', () => {
  const client = useLoupeClient();

  const form = ref<FilterForm>(emptyFilterForm());
  const formError = ref<{ field: string; message: string } | null>(null);
  const filter = shallowRef<HistoryFilter>({});
  // shallowRef: what is sent must be a plain object (a reactive proxy cannot cross a MessagePort).
  const sort = shallowRef<HistorySort>({ column: 'capturedAtMs', direction: 'desc' });
  const count = ref<number | null>(null);
  const counting = ref(false);

  const pages = markRaw(new HistoryPages((page) => fetchPage(page), PAGE_SIZE));
  /** What the gallery shows: the filtered history, or the frames a what-if flipped. */
  const source = shallowRef<RowSource>(pages);
  const flipsShown = ref(false);
  /** Bumped when rows arrived or changed, so lists re-read the source. */
  const rowsRevision = ref(0);
  const thumbs = markRaw(new ThumbnailCache());
  const thumbsRevision = ref(0);

  const selectedIndex = ref<number | null>(null);
  const frame = shallowRef<HistoryFrame | null>(null);
  const picture = shallowRef<{ frameId: number; url: string; width: number; height: number } | null>(null);
  const pictureProblem = ref<string | null>(null);
  let openGeneration = 0;

  const jobs = shallowRef<ReadonlyMap<string, HistoryJob>>(new Map());
  const whatif = shallowRef<WhatIfResult | null>(null);
  /** A trend point clicked on the Live screen: the shell switches to Review when this is set. */
  const livePick = shallowRef<LiveFramePick | null>(null);
  /** A frame asked for by id from another screen (the run monitor): the shell switches to Review when this is set. */
  const framePick = shallowRef<FramePick | null>(null);
  /** The frame shown alone in the gallery by showFrame, until a filter, a reload or the flips replace it. */
  const frameShown = ref<FramePick | null>(null);

  const length = computed(() => {
    void rowsRevision.value;
    return source.value instanceof FrameListRows ? source.value.length : (count.value ?? 0);
  });

  async function fetchPage(page: HistoryPage): Promise<HistoryRow[] | null> {
    const answer = await callEngine(client, 'history.query', { filter: filter.value, sort: sort.value, page });
    return answer ? answer.rows : null;
  }

  async function loadCount(): Promise<void> {
    counting.value = true;
    const answer = await callEngine(client, 'history.count', { filter: filter.value });
    counting.value = false;
    if (answer) count.value = answer.count;
  }

  /** Checks the form and, when it is right, shows its matches; when not, says why in the form and keeps the results shown. */
  async function applyForm(): Promise<boolean> {
    const parsed = filterFromForm(form.value);
    if (!parsed.ok) {
      formError.value = { field: parsed.field, message: parsed.message };
      return false;
    }
    formError.value = null;
    filter.value = parsed.filter;
    await reload();
    return true;
  }

  /** Fetches the count and the first page again for the current filter and sort. */
  async function reload(): Promise<void> {
    pages.reset();
    source.value = pages;
    flipsShown.value = false;
    frameShown.value = null;
    closeRecord();
    rowsRevision.value++;
    await Promise.all([loadCount(), ensureRows(0, PAGE_SIZE - 1)]);
  }

  async function setSort(next: HistorySort): Promise<void> {
    sort.value = { ...next };
    await reload();
  }

  async function ensureRows(from: number, to: number): Promise<void> {
    if (await source.value.ensure(from, to)) rowsRevision.value++;
  }

  const rowAt = (index: number): HistoryRow | undefined => source.value.rowAt(index);

  let thumbsBusy = false;
  let thumbsWanted: number[] = [];
  /** Thumbnails for the frames on screen only; a newer request replaces one still waiting. */
  function wantThumbnails(frameIds: readonly number[]): void {
    thumbsWanted = frameIds.filter((id) => !thumbs.has(id));
    if (!thumbsBusy) void drainThumbnails();
  }

  async function drainThumbnails(): Promise<void> {
    thumbsBusy = true;
    try {
      while (thumbsWanted.length) {
        const batch = thumbsWanted.slice(0, THUMB_BATCH);
        thumbsWanted = thumbsWanted.slice(THUMB_BATCH);
        const answer = await callEngine(client, 'history.thumbnails', { frameIds: batch });
        if (!answer) break;
        for (const p of answer.pictures) thumbs.set(p.frameId, pictureDataUrl(p));
        thumbsWanted = thumbsWanted.filter((id) => !thumbs.has(id));
        thumbsRevision.value++;
      }
    } finally {
      thumbsBusy = false;
    }
  }

  const thumbnailOf = (frameId: number): string | undefined => thumbs.get(frameId);

  /** Opens the record at a position: its objects, overlays and labels, and its full-resolution picture. */
  async function open(index: number): Promise<void> {
    if (index < 0 || index >= length.value) return;
    await ensureRows(index, index);
    const row = rowAt(index);
    if (!row) return;
    selectedIndex.value = index;
    const generation = ++openGeneration;
    const [detail, pic] = await Promise.all([
      callEngine(client, 'history.frame', { frameId: row.frameId }),
      row.image?.full ? client.request('history.picture', { frameId: row.frameId }) : Promise.resolve(null),
    ]);
    // Stepping quickly (J J J): only the newest record is shown.
    if (generation !== openGeneration) return;
    frame.value = detail ? markRaw(detail) : null;
    dropPicture();
    if (pic === null) pictureProblem.value = row.image ? 'The full picture of this frame is no longer kept (disk quota).' : 'No picture was kept for this frame.';
    else if (!pic.ok) pictureProblem.value = `The picture could not be read: ${pic.error.message}`;
    else picture.value = markRaw({ frameId: pic.value.frameId, url: pictureUrl(pic.value), width: pic.value.width, height: pic.value.height });
  }

  function dropPicture(): void {
    if (picture.value) URL.revokeObjectURL(picture.value.url);
    picture.value = null;
    pictureProblem.value = null;
  }

  function closeRecord(): void {
    openGeneration++;
    selectedIndex.value = null;
    frame.value = null;
    dropPicture();
  }

  const step = (delta: number) => (selectedIndex.value === null ? open(0) : open(Math.min(length.value - 1, Math.max(0, selectedIndex.value + delta))));

  /** Reads the open frame again (after a label change, or to recover from a stale revision). */
  async function refreshFrame(frameId: number): Promise<HistoryFrame | null> {
    const detail = await callEngine(client, 'history.frame', { frameId });
    if (!detail) return null;
    source.value.replace(detail.row);
    rowsRevision.value++;
    if (frame.value?.row.frameId === frameId) frame.value = markRaw(detail);
    return detail;
  }

  /** A point clicked on a live trend: the history ±1 s around it, opened at the frame with its seq (or the nearest in time). */
  function pickLiveFrame(pick: LiveFramePick): void {
    livePick.value = pick;
  }

  async function showLiveFrame(pick: LiveFramePick): Promise<void> {
    livePick.value = null;
    form.value = formAroundTime(pick.atMs, LIVE_MATCH_SPAN_MS);
    if (!(await applyForm())) return;
    let best = -1;
    let bestScore = Infinity;
    for (let i = 0; i < Math.min(length.value, PAGE_SIZE); i++) {
      const row = rowAt(i);
      if (!row) continue;
      const score = (pick.seq !== null && row.seq === pick.seq ? 0 : 1e9) + Math.abs(row.capturedAtMs - pick.atMs);
      if (score < bestScore) {
        best = i;
        bestScore = score;
      }
    }
    if (best >= 0) await open(best);
  }

  function pickFrame(pick: FramePick): void {
    framePick.value = { ...pick };
  }

  /**
   * Opens one frame by id, alone in the gallery: it may lie outside the current filter, and the
   * history has no frame-id filter. Applying a filter shows the history again.
   */
  async function showFrame(pick: FramePick): Promise<void> {
    framePick.value = null;
    closeRecord();
    source.value = new FrameListRows([pick.frameId], rowOfFrame);
    flipsShown.value = false;
    frameShown.value = { ...pick };
    rowsRevision.value++;
    await open(0);
  }

  const rowOfFrame = async (frameId: number): Promise<HistoryRow | null> => (await callEngine(client, 'history.frame', { frameId }))?.row ?? null;

  function trackJob(job: HistoryJob): void {
    const next = new Map(jobs.value);
    next.set(job.jobId, job);
    jobs.value = next;
  }

  function onJobEvent(job: HistoryJob): void {
    const before = jobs.value.get(job.jobId);
    trackJob(job);
    if (job.state === 'done' && before?.state !== 'done') {
      if (job.kind === 'import') void reload();
      if (job.kind === 'whatif') void loadWhatIfResult(job.jobId);
    }
  }

  let offJobs: (() => void) | null = null;
  async function attach(): Promise<void> {
    offJobs ??= client.onEvent('history.job', onJobEvent);
    const [known] = await Promise.all([callEngine(client, 'history.jobs', {}), reload()]);
    for (const job of known ?? []) trackJob(job);
  }

  function detach(): void {
    offJobs?.();
    offJobs = null;
    closeRecord();
    thumbs.clear();
  }

  async function startImport(folder: string): Promise<HistoryJob | null> {
    const job = await callEngine(client, 'history.import', { folder });
    if (job) trackJob(job);
    return job;
  }

  async function startExport(format: 'coco' | 'csv', out: string): Promise<HistoryJob | null> {
    const job = await callEngine(client, 'history.export', { format, out, filter: filter.value });
    if (job) trackJob(job);
    return job;
  }

  async function startWhatIf(recipe: Recipe): Promise<HistoryJob | null> {
    whatif.value = null;
    const job = await callEngine(client, 'history.whatif', { recipe, filter: filter.value });
    if (job) trackJob(job);
    return job;
  }

  async function cancelJob(jobId: string): Promise<void> {
    const job = await callEngine(client, 'history.cancel', { jobId });
    if (job) trackJob(job);
  }

  async function loadWhatIfResult(jobId: string): Promise<void> {
    const result = await callEngine(client, 'history.whatifResult', { jobId });
    if (result) whatif.value = markRaw(result);
  }

  /** Shows the frames the last what-if flipped in the gallery (or the filtered history again). */
  async function showFlips(on: boolean): Promise<void> {
    closeRecord();
    frameShown.value = null;
    if (on && whatif.value) {
      source.value = new FrameListRows(
        whatif.value.flipped.map((f) => f.frameId),
        rowOfFrame,
      );
      flipsShown.value = true;
    } else {
      source.value = pages;
      flipsShown.value = false;
    }
    rowsRevision.value++;
    await ensureRows(0, 50);
  }

  const latestJob = (kind: HistoryJob['kind']): HistoryJob | null => {
    let latest: HistoryJob | null = null;
    for (const job of jobs.value.values()) if (job.kind === kind && (!latest || job.startedAtMs >= latest.startedAtMs)) latest = job;
    return latest;
  };

  return {
    form,
    formError,
    filter,
    sort,
    count,
    counting,
    length,
    rowsRevision,
    thumbsRevision,
    selectedIndex,
    frame,
    picture,
    pictureProblem,
    jobs,
    whatif,
    flipsShown,
    livePick,
    framePick,
    frameShown,
    applyForm,
    reload,
    setSort,
    ensureRows,
    rowAt,
    wantThumbnails,
    thumbnailOf,
    open,
    step,
    closeRecord,
    refreshFrame,
    pickLiveFrame,
    showLiveFrame,
    pickFrame,
    showFrame,
    attach,
    detach,
    startImport,
    startExport,
    startWhatIf,
    cancelJob,
    showFlips,
    latestJob,
  };
});
