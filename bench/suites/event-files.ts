// TensorBoard event files (src-engine/runs): how long the watcher takes to read
// a log folder of 1,000,000 scalar events written by Loupe's own writer (issue
// target: <= 2 s), and how soon a scalar appended to a file is seen by a
// watcher polling it (flush with fsync, then poll until the point shows up).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchRow, BenchSuite } from '../bench-row.js';
import { median, round } from '../lib/stats.js';
import { LogdirWatcher } from '../../src-engine/runs/logdir-watcher.js';
import { openRunEventWriters } from '../../src-engine/runs/run-event-writers.js';
import { EventFileWriter } from '../../src-engine/runs/event-file-writer.js';

const EVENTS = 1_000_000;
const READS = 3;
const APPENDS = Number(process.env.LOUPE_BENCH_EVENT_APPENDS ?? 50);

/** A Keras-like run: train and validation files, loss and accuracy each, 250,000 steps. */
function writeMillionEvents(logdir: string): void {
  const writers = openRunEventWriters(logdir, 'bench-run');
  if (!writers.ok) throw new Error(writers.error.message);
  const { train, validation } = writers.value;
  const steps = EVENTS / 4;
  for (let step = 0; step < steps; step++) {
    const t = 1764646000 + step * 0.01;
    train.addScalar('epoch_loss', 1 / (1 + step), step, t);
    train.addScalar('epoch_accuracy', step / steps, step, t);
    validation.addScalar('epoch_loss', 1.1 / (1 + step), step, t);
    validation.addScalar('epoch_accuracy', (0.9 * step) / steps, step, t);
  }
  const closed = writers.value.close();
  if (!closed.ok) throw new Error(closed.error.message);
}

/** Wall and CPU seconds of one full read: on a shared 2-core machine the two differ by the load. */
function timeRead(logdir: string): { wall: number; cpu: number } {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const watcher = new LogdirWatcher(logdir);
  const delta = watcher.poll();
  const cpu = process.cpuUsage(c0);
  const seconds = { wall: (performance.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
  let points = 0;
  for (const tags of Object.values(delta.points)) for (const p of Object.values(tags)) points += p.steps.length;
  watcher.close();
  if (points !== EVENTS || delta.badRecords !== 0) throw new Error(`read ${points} points and ${delta.badRecords} bad records, expected ${EVENTS} and 0`);
  return seconds;
}

function appendLatencies(logdir: string): number[] {
  const opened = EventFileWriter.open(join(logdir, 'live', 'train'));
  if (!opened.ok) throw new Error(opened.error.message);
  const writer = opened.value;
  const watcher = new LogdirWatcher(logdir);
  watcher.poll();
  const latencies: number[] = [];
  try {
    for (let step = 0; step < APPENDS; step++) {
      const t0 = performance.now();
      writer.addScalar('epoch_loss', 1 / (step + 1), step);
      writer.flush();
      for (;;) {
        const seen = watcher.poll().points['live/train']?.epoch_loss;
        if (seen && seen.steps[seen.steps.length - 1] === step) break;
        if (performance.now() - t0 > 5000) throw new Error(`step ${step} not seen within 5 s`);
      }
      latencies.push(performance.now() - t0);
    }
  } finally {
    writer.close();
    watcher.close();
  }
  return latencies.sort((a, b) => a - b);
}

async function run(): Promise<BenchRow[]> {
  const logdir = mkdtempSync(join(tmpdir(), 'loupe-bench-events-'));
  try {
    const w0 = performance.now();
    writeMillionEvents(logdir);
    const writeSeconds = (performance.now() - w0) / 1000;
    const reads = Array.from({ length: READS }, () => timeRead(logdir));
    const read = median(reads.map((r) => r.wall));
    const readCpu = median(reads.map((r) => r.cpu));
    const latencies = appendLatencies(logdir);
    const p50 = median(latencies);
    const p95 = latencies[Math.min(latencies.length - 1, Math.floor(0.95 * latencies.length))];
    console.log(
      `event-files: wrote ${EVENTS} events in ${round(writeSeconds, 2)} s; read in ${reads.map((r) => `${round(r.wall, 3)} s (CPU ${round(r.cpu, 3)} s)`).join(', ')}; ` +
        `append → seen p50 ${round(p50, 2)} ms, p95 ${round(p95, 2)} ms over ${latencies.length}`,
    );
    return [
      { name: 'reading 1,000,000 scalar events', value: round(read, 3), unit: 's', target: '<= 2', ok: read <= 2 },
      { name: 'reading 1,000,000 scalar events, CPU time', value: round(readCpu, 3), unit: 's', target: 'report', ok: true },
      { name: 'writing 1,000,000 scalar events (EventFileWriter)', value: round(writeSeconds, 3), unit: 's', target: 'report', ok: true },
      { name: 'scalar appended → seen by watcher', value: round(p50, 2), unit: 'ms', target: 'report', ok: true },
      { name: 'scalar appended → seen by watcher, p95', value: round(p95, 2), unit: 'ms', target: 'report', ok: true },
    ];
  } finally {
    rmSync(logdir, { recursive: true, force: true });
  }
}

const suite: BenchSuite = { name: 'event-files', run };
export default suite;
