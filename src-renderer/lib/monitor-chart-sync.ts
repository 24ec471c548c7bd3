// Keeps a monitor chart's Chart.js datasets in step with what it is handed
// without redoing work: a stamp of everything the drawn lines are derived from
// (so a fresh group object for unchanged points costs nothing), and reuse of
// the dataset objects Chart.js already knows. Chart.js keys its per-dataset
// controller and point elements by the dataset object: a new object per zoom
// step means a new controller and one new element per point, so the objects
// stay and only their contents (above all `data`) are replaced.
import type { ChartGroup, MonitorDataset } from './monitor-chart-data.js';
import type { XAxisMode } from '../stores/runs.js';

const ids = new WeakMap<object, number>();
let nextId = 1;
/** A number per object, stable while it lives: buffers and epoch mappers have no name of their own. */
function idOf(o: object | null): number {
  if (o === null) return 0;
  let id = ids.get(o);
  if (id === undefined) {
    id = nextId++;
    ids.set(o, id);
  }
  return id;
}

/** Equal exactly when the group's lines would be drawn from the same points, in the same way. */
export function sourceStamp(group: ChartGroup, axis: XAxisMode, smoothing: number): string {
  const parts = [axis, String(smoothing)];
  for (const s of group.series) {
    // An epoch mapping changes whenever the run's points do; it only matters on the epoch axis.
    const mapper = axis === 'epoch' ? idOf(s.toEpoch) : 0;
    parts.push(`${idOf(s.buffer)}.${s.buffer.version}.${s.buffer.length}.${mapper}.${s.color}.${s.split}.${s.runLabel}`);
  }
  return parts.join('|');
}

/**
 * The datasets to hand Chart.js: `previous` itself with `built`'s contents
 * when there are as many, so Chart.js keeps its controllers and elements;
 * `built` when lines came or went.
 */
export function keepDatasets(previous: MonitorDataset[], built: MonitorDataset[]): MonitorDataset[] {
  if (previous.length !== built.length) return built;
  for (let i = 0; i < built.length; i++) Object.assign(previous[i], built[i]);
  return previous;
}
