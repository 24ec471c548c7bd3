// The rows behind a virtual list of the whole history, fetched a page at a time
// as the list scrolls. The page after one already held is asked for with `after`
// (the last row's sort value and frame id), so walking far down a million-row
// history never makes the store skip rows; a jump to a far position uses
// `offset` once and keyset paging from there on. Pages far from what is shown
// are dropped, so memory stays bounded however far one scrolls.
import type { HistoryPage, HistoryRow } from '../../src-shared/history-contract.js';

export type PageFetcher = (page: HistoryPage) => Promise<HistoryRow[] | null>;

/** What the gallery and table read rows from: the filtered history, or a list of frames (what-if flips). */
export interface RowSource {
  rowAt(index: number): HistoryRow | undefined;
  indexOf(frameId: number): number;
  /** Loads rows [from, to]; true when something new arrived. */
  ensure(from: number, to: number): Promise<boolean>;
  /** Puts a fresher copy of a held row in place (after a label change). */
  replace(row: HistoryRow): void;
}

export class HistoryPages implements RowSource {
  private readonly pages = new Map<number, readonly HistoryRow[]>();
  private readonly inFlight = new Map<number, Promise<void>>();
  /** Bumped by reset(): answers to requests made before it are dropped. */
  private generation = 0;

  constructor(
    private readonly fetch: PageFetcher,
    readonly pageSize = 200,
    /** Pages kept around the ones asked for most recently. */
    readonly maxPages = 60,
  ) {}

  rowAt(index: number): HistoryRow | undefined {
    return this.pages.get(Math.floor(index / this.pageSize))?.[index % this.pageSize];
  }

  /** Position of a frame among the rows held now, or -1. */
  indexOf(frameId: number): number {
    for (const [page, rows] of this.pages) {
      const i = rows.findIndex((r) => r.frameId === frameId);
      if (i >= 0) return page * this.pageSize + i;
    }
    return -1;
  }

  replace(row: HistoryRow): void {
    for (const [page, rows] of this.pages) {
      const i = rows.findIndex((r) => r.frameId === row.frameId);
      if (i >= 0) this.pages.set(page, rows.map((r, j) => (j === i ? row : r)));
    }
  }

  get heldPages(): number {
    return this.pages.size;
  }

  reset(): void {
    this.generation++;
    this.pages.clear();
    this.inFlight.clear();
  }

  /** The page request for page `n`: keyset after the previous page when it is held and full. */
  requestFor(n: number): HistoryPage {
    const prev = this.pages.get(n - 1);
    if (prev && prev.length === this.pageSize) {
      const last = prev[prev.length - 1];
      return { limit: this.pageSize, after: { value: last.sortValue, frameId: last.frameId } };
    }
    return { limit: this.pageSize, offset: n * this.pageSize };
  }

  /**
   * Loads the pages covering rows [from, to] (in order, so each can follow the previous with
   * `after`). Resolves true when something new arrived.
   */
  async ensure(from: number, to: number): Promise<boolean> {
    const first = Math.max(0, Math.floor(from / this.pageSize));
    const last = Math.max(first, Math.floor(to / this.pageSize));
    let changed = false;
    for (let n = first; n <= last; n++) {
      if (this.pages.has(n)) continue;
      if (await this.load(n)) changed = true;
    }
    this.evict(first, last);
    return changed;
  }

  private async load(n: number): Promise<boolean> {
    const pending = this.inFlight.get(n);
    if (pending) {
      await pending;
      return false;
    }
    const generation = this.generation;
    let got = false;
    const job = (async () => {
      const rows = await this.fetch(this.requestFor(n));
      if (generation !== this.generation || rows === null) return;
      this.pages.set(n, rows);
      got = true;
    })();
    this.inFlight.set(n, job);
    try {
      await job;
    } finally {
      if (generation === this.generation) this.inFlight.delete(n);
    }
    return got;
  }

  private evict(first: number, last: number): void {
    if (this.pages.size <= this.maxPages) return;
    const centre = (first + last) / 2;
    const byDistance = [...this.pages.keys()].sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre));
    for (const n of byDistance) {
      if (this.pages.size <= this.maxPages) break;
      if (n >= first && n <= last) continue;
      this.pages.delete(n);
    }
  }
}
