// A run's scalars as CSV, one row per point, for spreadsheets and pandas:
// run,tag,step,wall_time,value. Numbers are written in full (shortest
// round-trip form), so reading the CSV back gives the same values.
import type { ScalarSeries } from './scalar-series.js';

const SCALARS_CSV_HEADER = 'run,tag,step,wall_time,value';

/** RFC 4180 quoting: run and tag names may hold commas, quotes or newlines. (results-csv.ts writes NaN as empty; here a NaN loss stays "NaN", which pandas reads back.) */
function quoteCsv(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function scalarsCsv(run: string, tags: { tag: string; series: ScalarSeries }[]): string {
  const lines = [SCALARS_CSV_HEADER];
  const runField = quoteCsv(run);
  for (const { tag, series } of tags) {
    const tagField = quoteCsv(tag);
    const { steps, values, wallTimes } = series.points();
    for (let i = 0; i < steps.length; i++) lines.push(`${runField},${tagField},${steps[i]},${wallTimes[i]},${values[i]}`);
  }
  return lines.join('\n') + '\n';
}
