// Builds and runs the three implementations of the basic work — the C++ and
// Python references and the engine's worker — each as its own process, and parses
// their one-line JSON reports (time per frame and the work totals).
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ENGINE_MALLOC_ENV } from '../../src-engine/host/engine-process-env.js';
import { CACHE_DIR, REFERENCE_DIR, REPO_ROOT } from './paths.js';

export interface ReferenceReport {
  impl: string;
  frames: number;
  repeat: number;
  ms_per_frame_median: number;
  ms_per_frame_min: number;
  /** The engine worker's process CPU time per timed frame (the references do not report it). */
  cpu_ms_per_frame?: number;
  objects: number;
  area_total: number;
  perimeter_total: number;
  circularity_sum: number;
  pixels_on: number;
  mean_intensity_avg: number;
}

export interface WorkArgs {
  frames: string[];
  threshold: number;
  repeat: number;
}

const CPP_SOURCE = join(REFERENCE_DIR, 'ref_pipeline.cpp');
const PY_SOURCE = join(REFERENCE_DIR, 'ref_pipeline.py');
export const CPP_BINARY = join(CACHE_DIR, 'ref_pipeline');

/** Compiles the C++ reference unless an up-to-date binary is cached. */
export function buildCppReference(): string {
  if (!existsSync(CPP_SOURCE)) throw new Error(`C++ reference not found at ${CPP_SOURCE} (expected shared/reference beside the repo)`);
  if (existsSync(CPP_BINARY) && statSync(CPP_BINARY).mtimeMs >= statSync(CPP_SOURCE).mtimeMs) return CPP_BINARY;
  mkdirSync(CACHE_DIR, { recursive: true });
  const flags = execFileSync('pkg-config', ['--cflags', '--libs', 'opencv4'], { encoding: 'utf8' }).trim().split(/\s+/);
  execFileSync('g++', ['-O2', '-std=c++17', CPP_SOURCE, '-o', CPP_BINARY, ...flags], { stdio: ['ignore', 'inherit', 'inherit'] });
  return CPP_BINARY;
}

function parseReport(stdout: string, who: string): ReferenceReport {
  const line = stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as ReferenceReport;
  } catch {
    throw new Error(`${who} printed no JSON report: ${stdout.slice(0, 500)}`);
  }
}

const args = ({ frames, threshold, repeat }: WorkArgs): string[] => ['--repeat', String(repeat), '--threshold', String(threshold), ...frames];

/**
 * The references run as their users would run them: without the allocator
 * settings the engine's launcher gives it (the bench runner has them in its own
 * environment; see bench/run.ts). Python's cv2 allocates fresh arrays each
 * call, so on these VMs this matters to it (bench/README.md); C++ reuses its buffers.
 */
function plainEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(ENGINE_MALLOC_ENV)) delete env[key];
  return env;
}

export function runCppReference(work: WorkArgs): ReferenceReport {
  return parseReport(execFileSync(buildCppReference(), args(work), { encoding: 'utf8', env: plainEnv() }), 'ref_pipeline (C++)');
}

export function runPythonReference(work: WorkArgs): ReferenceReport {
  if (!existsSync(PY_SOURCE)) throw new Error(`Python reference not found at ${PY_SOURCE}`);
  return parseReport(execFileSync('/usr/bin/python3', [PY_SOURCE, ...args(work)], { encoding: 'utf8', env: plainEnv() }), 'ref_pipeline.py');
}

const ENGINE_WORKER = join(REPO_ROOT, 'bench', 'engine-worker.ts');

/** Where an engine worker may run: anywhere, or pinned to one core with taskset (util-linux), so its GC and helper threads share that core too. */
export type EngineCpus = 'any' | 'one core';

function runEngineWorker(kind: 'basic' | 'full', work: WorkArgs, cpus: EngineCpus = 'any'): string {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const command = [process.execPath, '--import', tsx, ENGINE_WORKER, '--work', kind, ...args(work)];
  if (cpus === 'one core') command.unshift('taskset', '--cpu-list', '0');
  return execFileSync(command[0], command.slice(1), {
    encoding: 'utf8',
    env: { ...process.env, ...ENGINE_MALLOC_ENV },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

/** The engine's basic work, timed in an engine-like process. */
export function runEngineBasic(work: WorkArgs): ReferenceReport {
  return parseReport(runEngineWorker('basic', work), 'engine-worker (basic)');
}

/** The full inspectImage pipeline with the default recipe: time per frame only. */
export function runEngineFull(work: WorkArgs, cpus: EngineCpus = 'any'): Pick<ReferenceReport, 'ms_per_frame_median' | 'ms_per_frame_min' | 'cpu_ms_per_frame'> {
  return parseReport(runEngineWorker('full', work, cpus), 'engine-worker (full)');
}
