// Walks every frame a filter matches, oldest first, a page at a time (keyset
// paging on the frame id, so a million frames cost no skipping), yielding each
// with its objects, edited outlines and labels.
import type { HistoryFilter, HistoryRow } from '../../src-shared/history-contract.js';
import type { HistoryFrame } from '../../src-shared/history-methods.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import type { ReviewStore } from './review-store.js';

const PAGE = 200;

export function* filteredRows(store: ReviewStore, filter: HistoryFilter, limit = Infinity): Generator<Result<HistoryRow>> {
  let after: { value: number; frameId: number } | null = null;
  let given = 0;
  while (given < limit) {
    const page = store.reader.query({ filter, sort: { column: 'frameId', direction: 'asc' }, page: after ? { limit: PAGE, after } : { limit: PAGE, offset: 0 } });
    if (!page.ok) {
      yield page;
      return;
    }
    for (const row of page.value) {
      if (given++ >= limit) return;
      yield ok(row);
    }
    if (page.value.length < PAGE) return;
    const last = page.value[page.value.length - 1];
    after = { value: last.frameId, frameId: last.frameId };
  }
}

export function* filteredFrames(store: ReviewStore, filter: HistoryFilter): Generator<Result<HistoryFrame>> {
  for (const row of filteredRows(store, filter)) {
    if (!row.ok) {
      yield row;
      return;
    }
    const frame = store.frame(row.value.frameId);
    yield frame.ok ? frame : fail(frame.error.code, frame.error.message, frame.error.subject);
  }
}
