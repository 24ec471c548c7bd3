// `npm run bench`: runs every suite in bench/suites, prints one table and writes
// bench-results.json (an array of BenchRow) at the repo root. Benchmarks are
// measurements, not tests: a missed target is reported, and fails the run only
// with --strict; a suite that crashes always fails it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import type { BenchRow, BenchSuite } from './bench-row.js';
import { REPO_ROOT } from './lib/paths.js';
import { writeFileAtomicSync } from '../src-engine/files/write-file-atomic.js';
import { ENGINE_MALLOC_ENV } from '../src-engine/host/engine-process-env.js';

const SUITES_DIR = join(REPO_ROOT, 'bench', 'suites');

function formatTable(rows: (BenchRow & { suite: string })[]): string {
  const cells = rows.map((r) => [r.suite, r.name, Number.isFinite(r.value) ? String(r.value) : 'n/a', r.unit, r.target, r.ok ? 'ok' : 'MISS']);
  const header = ['suite', 'name', 'value', 'unit', 'target', 'ok'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((v, i) => (i === 2 ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

async function main(): Promise<number> {
  const strict = process.argv.includes('--strict');
  const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const files = readdirSync(SUITES_DIR)
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .filter((f) => only.length === 0 || only.some((o) => f.includes(o)));
  const rows: (BenchRow & { suite: string })[] = [];
  let crashed = 0;
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(SUITES_DIR, file)).href)) as { default?: BenchSuite };
    const suite = mod.default;
    if (!suite || typeof suite.run !== 'function') {
      console.error(`bench: ${file} does not default-export a BenchSuite; skipped`);
      crashed++;
      continue;
    }
    console.log(`== ${suite.name}`);
    try {
      for (const row of await suite.run()) rows.push({ ...row, suite: suite.name });
    } catch (err) {
      crashed++;
      console.error(`bench: suite ${suite.name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      rows.push({ suite: suite.name, name: 'suite failed', value: Number.NaN, unit: '', target: 'runs', ok: false });
    }
  }
  console.log(formatTable(rows));
  // JSON has no NaN: a failed figure is written as null.
  const out = join(REPO_ROOT, 'bench-results.json');
  const measured = new Set(rows.map((r) => `${r.suite}\u0000${r.name}`));
  // A run of some suites (or of part of one, e.g. LOUPE_BENCH_HISTORY_PARTS)
  // replaces the rows it measured and keeps the other rows' last figures, so the
  // file always holds a row per target; a full run writes the file afresh.
  const kept = only.length === 0 ? [] : previousRows(out).filter((r) => !measured.has(`${r.suite}\u0000${r.name}`));
  const written = [...kept, ...rows.map((r) => ({ ...r, value: Number.isFinite(r.value) ? r.value : null }))];
  writeFileAtomicSync(out, JSON.stringify(written, null, 2) + '\n');
  const missed = rows.filter((r) => !r.ok).length;
  console.log(`\n${rows.length} figures, ${missed} off target; written to ${out}` + (kept.length ? ` beside ${kept.length} kept from earlier runs` : ''));
  return crashed > 0 || (strict && missed > 0) ? 1 : 0;
}

/** The rows of an earlier bench-results.json, or none when it is missing or unreadable. */
function previousRows(file: string): { suite: string; name: string }[] {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    const isRow = (r: unknown): r is { suite: string; name: string } => typeof (r as { suite?: unknown })?.suite === 'string' && typeof (r as { name?: unknown })?.name === 'string';
    return Array.isArray(parsed) ? parsed.filter(isRow) : [];
  } catch {
    return [];
  }
}

/**
 * Suites that run engine code in this process must see the allocator the
 * engine process gets (see bench/README.md: without it, frame-sized buffers
 * are mmap'd afresh and a synthetic frame costs 10 ms instead of 2–3). glibc
 * reads these variables only at start, so the runner starts itself again with them.
 */
function rerunWithEngineAllocator(): number | null {
  if (Object.keys(ENGINE_MALLOC_ENV).every((k) => process.env[k] !== undefined)) return null;
  const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, ...ENGINE_MALLOC_ENV },
  });
  return child.status ?? 1;
}

process.exitCode = rerunWithEngineAllocator() ?? (await main());
