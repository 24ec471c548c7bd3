// Every scalar the watcher has read: run → tag → ScalarSeries, with a note of
// which series changed since the last delta was taken, so a poll reports only
// those instead of walking every tag of every run.
import { ScalarSeries, type ScalarPoints, type TagSummary } from './scalar-series.js';

export type RunPoints = Record<string, Record<string, ScalarPoints>>;
export type RunSummaries = Record<string, Record<string, TagSummary>>;

interface SeriesEntry {
  run: string;
  tag: string;
  series: ScalarSeries;
  /** In the changed set already: a point then costs no Set insertion. */
  changed: boolean;
}

/** The tags of one run; handed to a file's decoder so a point costs one Map lookup. */
export class RunTags {
  private readonly tags = new Map<string, SeriesEntry>();

  constructor(
    readonly run: string,
    private readonly changed: Set<SeriesEntry>,
  ) {}

  add(tag: string, step: number, value: number, wallTime: number): void {
    let entry = this.tags.get(tag);
    if (entry === undefined) {
      entry = { run: this.run, tag, series: new ScalarSeries(), changed: false };
      this.tags.set(tag, entry);
    }
    entry.series.add(step, value, wallTime);
    if (!entry.changed) {
      entry.changed = true;
      this.changed.add(entry);
    }
  }

  entries(): IterableIterator<SeriesEntry> {
    return this.tags.values();
  }
}

export class RunScalars {
  private readonly runs = new Map<string, RunTags>();
  private readonly changed = new Set<SeriesEntry>();

  has(run: string): boolean {
    return this.runs.has(run);
  }

  runNames(): string[] {
    return [...this.runs.keys()].sort();
  }

  /** The run's tags, created (with no points) on first use. */
  run(run: string): RunTags {
    let tags = this.runs.get(run);
    if (tags === undefined) {
      tags = new RunTags(run, this.changed);
      this.runs.set(run, tags);
    }
    return tags;
  }

  /** Series in a run, sorted by tag, or null for an unknown run. */
  seriesOf(run: string): { tag: string; series: ScalarSeries }[] | null {
    const tags = this.runs.get(run);
    if (!tags) return null;
    return [...tags.entries()].sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  }

  /** Points added or changed since the last call, per run and tag. */
  takeChanges(): RunPoints {
    const out: RunPoints = {};
    for (const entry of this.changed) {
      entry.changed = false;
      const points = entry.series.takeChanges();
      if (points) (out[entry.run] ??= {})[entry.tag] = points;
    }
    this.changed.clear();
    return out;
  }

  points(): RunPoints {
    return this.collect((s) => s.points());
  }

  summaries(): RunSummaries {
    return this.collect((s) => s.summary());
  }

  private collect<T>(of: (s: ScalarSeries) => T | null): Record<string, Record<string, T>> {
    const out: Record<string, Record<string, T>> = {};
    for (const run of this.runNames()) {
      const tags: Record<string, T> = (out[run] = {});
      for (const { tag, series } of this.seriesOf(run) ?? []) {
        const v = of(series);
        if (v !== null) tags[tag] = v;
      }
    }
    return out;
  }
}
