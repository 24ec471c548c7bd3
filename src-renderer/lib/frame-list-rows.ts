// Rows for a fixed list of frames (the frames a what-if run flipped), fetched
// one frame at a time for the part of the list on screen only: the list can be
// thousands long, and the history has no "these frame ids" filter.
import type { HistoryRow } from '../../src-shared/history-contract.js';
import type { RowSource } from './history-pages.js';

export type RowFetcher = (frameId: number) => Promise<HistoryRow | null>;

export class FrameListRows implements RowSource {
  private readonly rows = new Map<number, HistoryRow>();
  private readonly inFlight = new Set<number>();

  constructor(
    readonly frameIds: readonly number[],
    private readonly fetch: RowFetcher,
  ) {}

  get length(): number {
    return this.frameIds.length;
  }

  rowAt(index: number): HistoryRow | undefined {
    const id = this.frameIds[index];
    return id === undefined ? undefined : this.rows.get(id);
  }

  indexOf(frameId: number): number {
    return this.frameIds.indexOf(frameId);
  }

  replace(row: HistoryRow): void {
    if (this.rows.has(row.frameId)) this.rows.set(row.frameId, row);
  }

  async ensure(from: number, to: number): Promise<boolean> {
    const wanted = this.frameIds.slice(Math.max(0, from), Math.max(0, to) + 1).filter((id) => !this.rows.has(id) && !this.inFlight.has(id));
    for (const id of wanted) this.inFlight.add(id);
    const got = await Promise.all(wanted.map((id) => this.fetch(id)));
    let changed = false;
    got.forEach((row, i) => {
      this.inFlight.delete(wanted[i]);
      if (row) {
        this.rows.set(row.frameId, row);
        changed = true;
      }
    });
    return changed;
  }
}
