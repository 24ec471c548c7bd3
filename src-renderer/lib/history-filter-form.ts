// The Review view's filter form as the person typed it (text in inputs) and its
// translation into a contract filter. Numbers and dates are parsed here and the
// whole filter is checked with the contract's own HistoryFilterSchema before
// anything is sent, so "abc" or an inverted range is refused in the form with a
// message naming the field, and the results already shown stay.
import { HistoryFilterSchema, type HistoryFilter } from '../../src-shared/history-contract.js';
import { FRAME_METRIC_NAMES, OBJECT_METRIC_NAMES, FRAME_METRICS, OBJECT_METRICS } from '../../src-shared/metrics.js';

export interface MetricRangeText {
  scope: 'object' | 'frame';
  metric: string;
  min: string;
  max: string;
}

export const SOURCE_KINDS = ['synthetic', 'folder', 'video', 'camera'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export interface FilterForm {
  verdict: '' | 'ok' | 'ng';
  /** Part classes, comma separated; "(none)" stands for objects that matched no class. */
  partClasses: string;
  metrics: MetricRangeText[];
  /** datetime-local text (local time), empty for an open end. */
  from: string;
  to: string;
  /** Run ids, comma separated. */
  runIds: string;
  recipeName: string;
  /** Recipe versions, comma separated. */
  recipeVersions: string;
  sources: SourceKind[];
  labelState: '' | 'labelled' | 'unlabelled';
  /** Frame-level label values, comma separated. */
  labelValues: string;
}

export const NO_PART_CLASS = '(none)';

export function emptyFilterForm(): FilterForm {
  return { verdict: '', partClasses: '', metrics: [], from: '', to: '', runIds: '', recipeName: '', recipeVersions: '', sources: [], labelState: '', labelValues: '' };
}

export type FilterFormResult = { ok: true; filter: HistoryFilter } | { ok: false; field: string; message: string };

class FormError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const list = (text: string): string[] =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

function parseNumber(text: string, field: string, what: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  if (!Number.isFinite(n)) throw new FormError(field, `${what}: "${t}" is not a number`);
  return n;
}

function parseIntegers(text: string, field: string, what: string): number[] | undefined {
  const items = list(text);
  if (items.length === 0) return undefined;
  return items.map((s) => {
    const n = Number(s);
    if (!Number.isInteger(n)) throw new FormError(field, `${what}: "${s}" is not a whole number`);
    return n;
  });
}

/** Local date-time text as shown by <input type="datetime-local">, with milliseconds. */
export function formatLocalTime(ms: number): string {
  const d = new Date(ms);
  const p = (v: number, n = 2) => String(v).padStart(n, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

function parseTime(text: string, field: string, what: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  // Without a zone, Date reads "YYYY-MM-DDTHH:mm[:ss[.sss]]" as local time: what the input shows.
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(t) ? new Date(t).getTime() : NaN;
  if (!Number.isFinite(ms)) throw new FormError(field, `${what}: "${t}" is not a date and time`);
  return Math.round(ms);
}

function metricLabel(range: MetricRangeText): string {
  const table: Record<string, { label: string }> = range.scope === 'object' ? OBJECT_METRICS : FRAME_METRICS;
  return `${range.scope === 'object' ? 'object' : 'frame'} ${table[range.metric]?.label ?? range.metric}`;
}

function build(form: FilterForm): HistoryFilter {
  const filter: Record<string, unknown> = {};
  if (form.verdict) filter.verdict = form.verdict;
  const parts = list(form.partClasses);
  if (parts.length) filter.partClasses = parts.map((p) => (p === NO_PART_CLASS ? null : p));
  const objectMetrics: Record<string, { min?: number; max?: number }> = {};
  const frameMetrics: Record<string, { min?: number; max?: number }> = {};
  form.metrics.forEach((range, i) => {
    const known: readonly string[] = range.scope === 'object' ? OBJECT_METRIC_NAMES : FRAME_METRIC_NAMES;
    if (!known.includes(range.metric)) throw new FormError(`metric-${i}`, `"${range.metric}" is not a ${range.scope} metric`);
    const label = metricLabel(range);
    const min = parseNumber(range.min, `metric-${i}`, `${label} min`);
    const max = parseNumber(range.max, `metric-${i}`, `${label} max`);
    if (min === undefined && max === undefined) return;
    if (min !== undefined && max !== undefined && min > max) throw new FormError(`metric-${i}`, `${label}: the range is inverted (min ${min} is greater than max ${max})`);
    const target = range.scope === 'object' ? objectMetrics : frameMetrics;
    if (target[range.metric]) throw new FormError(`metric-${i}`, `${label} is given twice`);
    target[range.metric] = { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
  });
  if (Object.keys(objectMetrics).length) filter.objectMetrics = objectMetrics;
  if (Object.keys(frameMetrics).length) filter.frameMetrics = frameMetrics;
  const fromMs = parseTime(form.from, 'from', 'From');
  const toMs = parseTime(form.to, 'to', 'To');
  if (fromMs !== undefined && toMs !== undefined && fromMs > toMs) throw new FormError('to', 'The time span is inverted: "from" is after "to"');
  if (fromMs !== undefined || toMs !== undefined) filter.time = { ...(fromMs !== undefined ? { fromMs } : {}), ...(toMs !== undefined ? { toMs } : {}) };
  const runIds = parseIntegers(form.runIds, 'runIds', 'Run');
  if (runIds) filter.runIds = runIds;
  const versions = parseIntegers(form.recipeVersions, 'recipeVersions', 'Recipe version');
  const name = form.recipeName.trim();
  if (name || versions) filter.recipe = { ...(name ? { name } : {}), ...(versions ? { versions } : {}) };
  if (form.sources.length) filter.sources = [...form.sources];
  const values = list(form.labelValues);
  if (form.labelState || values.length) filter.label = { ...(form.labelState ? { state: form.labelState } : {}), ...(values.length ? { values } : {}) };
  return filter as HistoryFilter;
}

const FIELD_OF_PATH: Record<string, string> = { runIds: 'runIds', recipe: 'recipeVersions', partClasses: 'partClasses', label: 'labelValues', time: 'to', sources: 'sources' };

/** The form as a contract filter, or the first thing wrong with it (which field, and why). */
export function filterFromForm(form: FilterForm): FilterFormResult {
  let filter: HistoryFilter;
  try {
    filter = build(form);
  } catch (err) {
    if (err instanceof FormError) return { ok: false, field: err.field, message: err.message };
    throw err;
  }
  // The contract has the last word (label characters, list sizes, integer ids): what it refuses is never sent.
  const parsed = HistoryFilterSchema.safeParse(filter);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.path.map(String);
    return { ok: false, field: FIELD_OF_PATH[path[0]] ?? path[0] ?? 'filter', message: `${path.join('.') || 'filter'}: ${issue.message}` };
  }
  return { ok: true, filter: parsed.data };
}

/** The form for "around this moment": a live trend point clicked is looked up ±1 s around its time. */
export function formAroundTime(atMs: number, spanMs = 1000): FilterForm {
  return { ...emptyFilterForm(), from: formatLocalTime(atMs - spanMs), to: formatLocalTime(atMs + spanMs) };
}
