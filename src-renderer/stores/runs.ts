// The run monitor's state: the open log folders, their runs, which runs are
// overlaid on the charts, and every point of those runs. Points live in plain
// SeriesBuffers outside Vue's reactivity (a long run has millions); `revision`
// tells the charts when to re-read them. A run's points are fetched when it is
// first overlaid; from then on runs.update events extend them.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { EpochDetails, RunInfo, RunsSnapshot, RunsUpdate, ScalarSeries } from '../../src-shared/runs-contract.js';
import type { Result } from '../../src-shared/result.js';
import { useLoupeClient } from '../client/client-key.js';
import { callEngine } from './request.js';
import { useErrorsStore } from './errors.js';
import { SeriesBuffer } from '../lib/series-buffer.js';
import { saveBlob } from '../lib/save-blob.js';

export type XAxisMode = 'step' | 'epoch' | 'wall';

export interface Problem {
  logdir: string;
  message: string;
}

/** Problems kept on screen; a folder of broken files must not grow the list without end. */
const MAX_PROBLEMS = 30;

export const useRunsStore = defineStore('runs', () => {
  const client = useLoupeClient();
  const errors = useErrorsStore();

  const logdirs = shallowRef<readonly string[]>([]);
  const runs = shallowRef<readonly RunInfo[]>([]);
  const problems = shallowRef<readonly Problem[]>([]);
  const selected = ref<string[]>([]);
  /** Bumped whenever held points change; charts re-read the buffers then. */
  const revision = ref(0);
  const openError = ref<string | null>(null);
  const smoothing = ref(0.6);
  const xAxis = ref<XAxisMode>('step');
  const logScale = ref(false);
  const epochDetails = shallowRef<EpochDetails | null>(null);
  const epochError = ref<string | null>(null);

  // runId → tag → points. Plain Map: never reactive.
  const buffers = new Map<string, Map<string, SeriesBuffer>>();
  /** Runs whose full history was fetched (or is being fetched); only these take appended points. */
  const loaded = new Set<string>();
  const loading = new Set<string>();
  /** Runs the user has seen listed: a run that appears later is overlaid automatically, one deselected stays so. */
  const known = new Set<string>();

  const selectedRuns = computed(() => runs.value.filter((r) => selected.value.includes(r.id)));

  function tagBuffers(runId: string): Map<string, SeriesBuffer> {
    let tags = buffers.get(runId);
    if (!tags) {
      tags = new Map();
      buffers.set(runId, tags);
    }
    return tags;
  }

  function applySeries(series: ScalarSeries): void {
    const tags = tagBuffers(series.runId);
    let buffer = tags.get(series.tag);
    if (!buffer) {
      buffer = new SeriesBuffer();
      tags.set(series.tag, buffer);
    }
    buffer.applyFrom(series);
  }

  function applySnapshot(snapshot: RunsSnapshot): void {
    logdirs.value = snapshot.logdirs;
    runs.value = snapshot.runs;
    problems.value = snapshot.problems.slice(-MAX_PROBLEMS);
    const ids = new Set(snapshot.runs.map((r) => r.id));
    for (const id of [...buffers.keys()]) if (!ids.has(id)) forget(id);
    selectNew(snapshot.runs);
  }

  function applyUpdate(update: RunsUpdate): void {
    if (update.runs.length > 0) {
      const byId = new Map(runs.value.map((r) => [r.id, r]));
      for (const run of update.runs) byId.set(run.id, run);
      runs.value = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      selectNew(update.runs);
    }
    if (update.removed.length > 0) {
      const gone = new Set(update.removed);
      runs.value = runs.value.filter((r) => !gone.has(r.id));
      for (const id of gone) forget(id);
      selected.value = selected.value.filter((id) => !gone.has(id));
    }
    if (update.problems.length > 0) problems.value = [...problems.value, ...update.problems].slice(-MAX_PROBLEMS);
    let changed = update.removed.length > 0;
    for (const series of update.appended) {
      // A run still being fetched gets these points in its fetch (the service answers in order).
      if (!loaded.has(series.runId) || loading.has(series.runId)) continue;
      applySeries(series);
      changed = true;
    }
    if (changed) revision.value++;
  }

  function forget(runId: string): void {
    buffers.delete(runId);
    loaded.delete(runId);
    known.delete(runId);
  }

  function selectNew(list: readonly RunInfo[]): void {
    const fresh = list.filter((r) => !known.has(r.id));
    for (const r of fresh) known.add(r.id);
    if (fresh.length > 0) {
      selected.value = [...selected.value, ...fresh.map((r) => r.id)];
      void loadSelected();
    }
  }

  async function loadSelected(): Promise<void> {
    await Promise.all(selected.value.filter((id) => !loaded.has(id)).map((id) => loadRun(id)));
  }

  async function loadRun(runId: string): Promise<void> {
    loaded.add(runId);
    loading.add(runId);
    const value = await callEngine(client, 'runs.scalars', { runId });
    loading.delete(runId);
    if (!value) {
      loaded.delete(runId);
      return;
    }
    const tags = tagBuffers(runId);
    tags.clear();
    for (const series of value.series) applySeries(series);
    revision.value++;
  }

  function setSelected(runId: string, on: boolean): void {
    selected.value = on ? [...new Set([...selected.value, runId])] : selected.value.filter((id) => id !== runId);
    if (on) void loadSelected();
  }

  /** The held points of a run's tags (an empty map before they arrive). */
  function seriesOf(runId: string): ReadonlyMap<string, SeriesBuffer> {
    return buffers.get(runId) ?? new Map();
  }

  let offUpdate: (() => void) | null = null;
  function attach(): void {
    offUpdate ??= client.onEvent('runs.update', applyUpdate);
  }
  function detach(): void {
    offUpdate?.();
    offUpdate = null;
  }

  /**
   * Lists the runs again and re-fetches every fetched run: after a reconnect
   * the updates sent while the link was down are lost, so held points are stale.
   */
  async function resync(): Promise<void> {
    const snapshot = await callEngine(client, 'runs.list', {});
    if (!snapshot) return;
    const stale = new Set([...loaded, ...selected.value]);
    loaded.clear();
    applySnapshot(snapshot); // fetches runs it has not seen
    const present = new Set(snapshot.runs.map((r) => r.id));
    await Promise.all([...stale].filter((id) => present.has(id) && !loaded.has(id)).map((id) => loadRun(id)));
  }

  /** Opens a log folder; a folder that cannot be watched is said under the input, and nothing else changes. */
  async function open(logdir: string): Promise<boolean> {
    const path = logdir.trim();
    if (!path) {
      openError.value = 'Type the path of a log folder first.';
      return false;
    }
    const result = await requestResult(() => client.request('runs.open', { logdir: path }));
    if (!result.ok) {
      openError.value = result.error.message;
      return false;
    }
    openError.value = null;
    applySnapshot(result.value);
    return true;
  }

  async function close(logdir: string): Promise<void> {
    const snapshot = await callEngine(client, 'runs.close', { logdir });
    if (snapshot) applySnapshot(snapshot);
  }

  async function showEpoch(runId: string, epoch: number): Promise<void> {
    const result = await requestResult(() => client.request('runs.epoch', { runId, epoch }));
    epochDetails.value = result.ok ? result.value : null;
    epochError.value = result.ok ? null : result.error.message;
  }

  function closeEpoch(): void {
    epochDetails.value = null;
    epochError.value = null;
  }

  async function exportCsv(runId: string): Promise<void> {
    const value = await callEngine(client, 'runs.exportCsv', { runId });
    if (value) saveBlob(new Blob([value.csv], { type: 'text/csv' }), value.fileName);
  }

  async function requestResult<T>(send: () => Promise<Result<T>>): Promise<Result<T>> {
    try {
      return await send();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      errors.report('runs', { code: 'internal', message });
      return { ok: false, error: { code: 'internal', message } };
    }
  }

  return {
    logdirs,
    runs,
    problems,
    selected,
    selectedRuns,
    revision,
    openError,
    smoothing,
    xAxis,
    logScale,
    epochDetails,
    epochError,
    attach,
    detach,
    resync,
    open,
    close,
    setSelected,
    seriesOf,
    showEpoch,
    closeEpoch,
    exportCsv,
    applyUpdate,
  };
});
