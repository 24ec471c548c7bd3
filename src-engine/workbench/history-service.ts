// The review's service (`history.*`, `labels.*`) in the workbench process:
// pages, counts, frames and pictures from the store's read connection; labels
// and outlines through the workbench's own write connection; imports and
// what-ifs in a niced child process (OpenCV), exports here between frames.
// Without a data folder there is no history, and every call says so.
import { isAbsolute } from 'node:path';
import type { HistoryFilter, HistoryQuery, HistoryRow, LabelChange, LabelRevision } from '../../src-shared/history-contract.js';
import type { HistoryFrame, HistoryJob, HistoryPicture, HistoryRevision, WhatIfResult } from '../../src-shared/history-methods.js';
import type { Recipe } from '../../src-shared/recipe.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import { loadRecipeFile } from '../recipes/load-recipe-file.js';
import { defaultRecipePath } from '../recipes/recipe-paths.js';
import { exportHistory } from '../history/export-history.js';
import { filteredRows } from '../history/filtered-frames.js';
import { HistoryJobs, type JobControl, type JobOutcome } from '../history/history-jobs.js';
import type { ImportSummary } from '../history/import-folder.js';
import { runInJobChild } from '../history/job-child.js';
import type { JobTask, WhatIfItem } from '../history/job-protocol.js';
import { LabelClasses } from '../history/label-classes.js';
import type { OutlineChange } from '../history/outline-table.js';
import { PictureFiles } from '../history/pictures.js';
import { ReviewStore } from '../history/review-store.js';
import { sweepUnrecordedPictures } from '../history/sweep-import.js';
import type { WhatIfTally } from '../history/whatif.js';

export interface HistoryServiceOptions {
  /** The data folder (LOUPE_DATA_DIR); null: no history. */
  dataDir: string | null;
  /** The recipe imports inspect with (default: the built-in default recipe file). */
  loadImportRecipe?: () => Result<Recipe>;
  /** Runs an import or what-if task (default: in a child process). */
  runTask?: (task: JobTask, control: JobControl) => Promise<Result<unknown>>;
  log?: (message: string) => void;
}

const fullPath = (what: string, path: string): Result<string> =>
  isAbsolute(path) ? ok(path) : fail('bad-request', `give the ${what}'s full path (it starts with /): "${path}" is relative, and the workbench has no working folder you would know`, path);

export class HistoryService {
  private store: ReviewStore | null = null;
  private readonly jobs: HistoryJobs;
  private readonly whatIfs = new Map<string, WhatIfResult>();
  private readonly runTask: (task: JobTask, control: JobControl) => Promise<Result<unknown>>;

  constructor(
    private readonly options: HistoryServiceOptions,
    emitJob: (job: HistoryJob) => void,
  ) {
    this.jobs = new HistoryJobs(emitJob);
    this.runTask = options.runTask ?? runInJobChild;
  }

  query(q: HistoryQuery): Result<{ rows: HistoryRow[] }> {
    const store = this.open();
    if (!store.ok) return store;
    const rows = store.value.reader.query(q);
    return rows.ok ? ok({ rows: rows.value }) : rows;
  }

  count(filter: HistoryFilter): Result<{ count: number }> {
    const store = this.open();
    if (!store.ok) return store;
    const n = store.value.reader.count(filter);
    return n.ok ? ok({ count: n.value }) : n;
  }

  frame(frameId: number): Result<HistoryFrame> {
    return this.withStore((s) => s.frame(frameId));
  }

  picture(frameId: number): Result<HistoryPicture> {
    return this.withStore((s) => this.pictures().full(s.row(frameId), frameId));
  }

  thumbnails(frameIds: number[]): Result<{ pictures: HistoryPicture[] }> {
    return this.withStore((s) => ok({ pictures: this.pictures().thumbnails(frameIds.map((id) => s.row(id))) }));
  }

  setLabel(change: LabelChange): Result<LabelRevision> {
    return this.withStore((s) => s.setLabel(change));
  }

  setOutline(change: OutlineChange): Result<HistoryRevision> {
    return this.withStore((s) => s.setOutline(change));
  }

  classes(): Result<{ classes: string[] }> {
    const dir = this.dataDir();
    if (!dir.ok) return dir;
    return ok({ classes: new LabelClasses(dir.value, this.options.log).read() });
  }

  setClasses(classes: string[]): Result<{ classes: string[] }> {
    const dir = this.dataDir();
    if (!dir.ok) return dir;
    const written = new LabelClasses(dir.value, this.options.log).write(classes);
    return written.ok ? ok({ classes: written.value }) : written;
  }

  import(folder: string): Result<HistoryJob> {
    const store = this.open();
    if (!store.ok) return store;
    const path = fullPath('folder', folder);
    if (!path.ok) return path;
    const recipe = (this.options.loadImportRecipe ?? (() => loadRecipeFile(defaultRecipePath())))();
    if (!recipe.ok) return fail('bad-recipe', `cannot import: the recipe to inspect with did not load (${recipe.error.message})`, recipe.error.subject);
    const dataDir = store.value.dataDir;
    return this.jobs.start('import', `importing ${folder}`, async (control) => {
      const done = await this.runTask({ kind: 'import', dataDir, folder: path.value, recipe: recipe.value }, control);
      if (control.cancelled && typeof control.notes.runId === 'number') sweepUnrecordedPictures(store.value.db, dataDir, control.notes.runId);
      if (!done.ok) return done;
      const s = done.value as ImportSummary;
      return ok({ imported: s.imported, alreadyImported: s.alreadyImported, skipped: s.skipped, ...(s.runId === null ? {} : { runId: s.runId }) });
    });
  }

  export(format: 'coco' | 'csv', out: string, filter: HistoryFilter): Result<HistoryJob> {
    const store = this.open();
    if (!store.ok) return store;
    const path = fullPath('export folder', out);
    if (!path.ok) return path;
    return this.jobs.start('export', `exporting ${format.toUpperCase()} to ${out}`, async (control) => {
      const exported = await exportHistory({
        store: store.value,
        pictures: this.pictures(),
        format,
        out: path.value,
        filter,
        onProgress: (done, total) => control.progress(done, total, `exported ${done} of ${total} frame(s)`),
        cancelled: () => control.cancelled,
      });
      if (!exported.ok) return exported;
      for (const p of exported.value.problems) control.problem(p);
      const { out: where, frames, objects, files } = exported.value;
      return ok({ out: where, frames, objects, files });
    });
  }

  whatIf(recipe: Recipe, filter: HistoryFilter, limit: number): Result<HistoryJob> {
    const store = this.open();
    if (!store.ok) return store;
    const matching = store.value.reader.count(filter);
    if (!matching.ok) return matching;
    const items: WhatIfItem[] = [];
    if (filter.withImage !== false) {
      for (const row of filteredRows(store.value, { ...filter, withImage: true }, limit)) {
        if (!row.ok) return row;
        items.push({ frameId: row.value.frameId, picture: this.pictures().resolve(row.value.image!.full!), verdict: row.value.verdict });
      }
    }
    const withoutPicture = matching.value - (filter.withImage === false ? 0 : (store.value.reader.count({ ...filter, withImage: true }) as { ok: true; value: number }).value);
    let jobId = '';
    const started = this.jobs.start('whatif', `re-inspecting ${items.length} frame(s) with ${recipe.name} v${recipe.version}`, async (control): Promise<Result<JobOutcome>> => {
      const done = await this.runTask({ kind: 'whatif', recipe, items }, control);
      if (!done.ok) return done;
      const t = done.value as WhatIfTally;
      const skipped = withoutPicture + t.unreadable;
      this.whatIfs.set(jobId, { jobId, recipe: { name: recipe.name, version: recipe.version }, inspected: t.inspected, okToNg: t.okToNg, ngToOk: t.ngToOk, unchanged: t.unchanged, skipped, flipped: t.flipped });
      return ok({ inspected: t.inspected, okToNg: t.okToNg, ngToOk: t.ngToOk, unchanged: t.unchanged, skipped });
    });
    if (started.ok) jobId = started.value.jobId; // set before the child can answer: the run awaits it first
    return started;
  }

  whatIfResult(jobId: string): Result<WhatIfResult> {
    const result = this.whatIfs.get(jobId);
    if (result) return ok(result);
    const job = this.jobs.get(jobId);
    if (!job.ok) return job;
    if (job.value.kind !== 'whatif') return fail('bad-request', `job ${jobId} is an ${job.value.kind}, not a what-if`, jobId);
    if (job.value.state === 'running') return fail('busy', `the what-if is still running (${job.value.done} of ${job.value.total ?? '?'}); its result comes with its last history.job event`, jobId);
    return fail('not-found', `the what-if ${jobId} ${job.value.state === 'failed' ? `failed: ${job.value.message}` : 'was cancelled'}, so it has no result`, jobId);
  }

  cancel(jobId: string): Result<HistoryJob> {
    return this.jobs.cancel(jobId);
  }

  listJobs(): Result<HistoryJob[]> {
    return ok(this.jobs.list());
  }

  dispose(): void {
    for (const job of this.jobs.list()) if (job.state === 'running') this.jobs.cancel(job.jobId);
    this.store?.close();
    this.store = null;
  }

  private pictures(): PictureFiles {
    return new PictureFiles(this.store!.dataDir);
  }

  private dataDir(): Result<string> {
    return this.options.dataDir
      ? ok(this.options.dataDir)
      : fail('bad-request', 'the workbench was started without a data folder (LOUPE_DATA_DIR), so there is no history to review');
  }

  /** Opened on first use (creating the file in a new data folder); a failure is retried on the next call. */
  private open(): Result<ReviewStore> {
    if (this.store) return ok(this.store);
    const dir = this.dataDir();
    if (!dir.ok) return dir;
    const opened = ReviewStore.open(dir.value);
    if (opened.ok) this.store = opened.value;
    return opened;
  }

  private withStore<T>(use: (store: ReviewStore) => Result<T>): Result<T> {
    const store = this.open();
    return store.ok ? use(store.value) : store;
  }
}
