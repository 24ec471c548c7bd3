// The export's filter flags, turned into the contract's HistoryFilter and
// validated by the same schema the review uses, so a flag means what the
// review's filter means and a bad one is refused saying which.
import { HistoryFilterSchema, type HistoryFilter } from '../../src-shared/history-contract.js';
import { FRAME_METRIC_NAMES, OBJECT_METRIC_NAMES } from '../../src-shared/metrics.js';
import { describeIssues } from '../../src-shared/recipe.js';
import { fail, ok, type Result } from '../../src-shared/result.js';

export interface ExportFilterFlags {
  verdict?: string;
  from?: string;
  to?: string;
  label?: string[];
  labelled?: boolean;
  unlabelled?: boolean;
  metric?: string[];
  frameMetric?: string[];
  source?: string[];
  recipe?: string;
  run?: string[];
  withImage?: boolean;
}

/** An ISO date/time or epoch milliseconds. */
function timeOf(flag: string, text: string): Result<number> {
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  return Number.isFinite(ms) ? ok(ms) : fail('bad-request', `--${flag} "${text}" is not a date (2026-12-01, 2026-12-01T08:00) or epoch milliseconds`, flag);
}

/** "name:min:max", either end may be empty ("circularity::0.8"). */
function rangeOf(flag: string, text: string, names: readonly string[]): Result<[string, { min?: number; max?: number }]> {
  const [name, min, max, extra] = text.split(':');
  if (extra !== undefined || max === undefined) return fail('bad-request', `--${flag} "${text}" should be name:min:max (an end may be empty: circularity::0.8)`, flag);
  if (!names.includes(name)) return fail('bad-request', `--${flag} "${text}": unknown metric "${name}" (one of ${names.join(', ')})`, flag);
  const range: { min?: number; max?: number } = {};
  for (const [key, value] of [['min', min], ['max', max]] as const) {
    if (value === '') continue;
    const n = Number(value);
    if (!Number.isFinite(n)) return fail('bad-request', `--${flag} "${text}": ${key} "${value}" is not a number`, flag);
    range[key] = n;
  }
  return ok([name, range]);
}

export function exportFilterFrom(flags: ExportFilterFlags): Result<HistoryFilter> {
  const filter: Record<string, unknown> = {};
  if (flags.verdict !== undefined) filter.verdict = flags.verdict.toLowerCase();
  if (flags.from !== undefined || flags.to !== undefined) {
    const time: { fromMs?: number; toMs?: number } = {};
    if (flags.from !== undefined) {
      const t = timeOf('from', flags.from);
      if (!t.ok) return t;
      time.fromMs = t.value;
    }
    if (flags.to !== undefined) {
      const t = timeOf('to', flags.to);
      if (!t.ok) return t;
      time.toMs = t.value;
    }
    filter.time = time;
  }
  if (flags.labelled && flags.unlabelled) return fail('bad-request', '--labelled and --unlabelled exclude each other', 'labelled');
  const label: Record<string, unknown> = {};
  if (flags.label?.length) label.values = flags.label;
  if (flags.labelled) label.state = 'labelled';
  if (flags.unlabelled) label.state = 'unlabelled';
  if (Object.keys(label).length) filter.label = label;
  for (const [flag, values, names, key] of [
    ['metric', flags.metric, OBJECT_METRIC_NAMES, 'objectMetrics'],
    ['frame-metric', flags.frameMetric, FRAME_METRIC_NAMES, 'frameMetrics'],
  ] as const) {
    if (!values?.length) continue;
    const ranges: Record<string, unknown> = {};
    for (const text of values) {
      const r = rangeOf(flag, text, names);
      if (!r.ok) return r;
      ranges[r.value[0]] = r.value[1];
    }
    filter[key] = ranges;
  }
  if (flags.source?.length) filter.sources = flags.source;
  if (flags.recipe !== undefined) filter.recipe = { name: flags.recipe };
  if (flags.run?.length) filter.runIds = flags.run.map(Number);
  if (flags.withImage) filter.withImage = true;
  const parsed = HistoryFilterSchema.safeParse(filter);
  if (!parsed.success) return fail('bad-request', `bad filter: ${describeIssues(parsed.error)}`);
  return ok(parsed.data);
}
