// A small pool of feature child processes. Work is a list of windows; a free
// worker takes the oldest task. A worker that dies mid-task (crash, OOM kill)
// is reported, replaced, and its task given to another worker; a task whose
// workers keep dying fails with a message saying so. Nothing waits forever on
// a dead process: every pending task is settled from the child's exit event.
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { Recipe } from '../../../src-shared/recipe.js';
import { ENGINE_MALLOC_ENV } from '../../host/engine-process-env.js';
import type { PixelWindow } from '../dataset/sample.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';
import { sourceEntryPath } from '../../source-entry.js';

const WORKER_ENTRY = sourceEntryPath('featureWorker');

/** tsx's loader as an absolute URL, so `--import` works from any cwd (as spawn-engine.ts does). */
function tsxLoaderUrl(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
}

export interface WorkerPoolOptions {
  size: number;
  recipe: Recipe;
  /** Attempts per task before it fails (default 2: one retry after a worker dies). */
  maxAttempts?: number;
  /** Called for every worker death, with what happened to its task (default: written to stderr). */
  onWorkerExit?: (report: string) => void;
  /** Called when a task is handed to a worker (observability; tests use it to kill workers). */
  onDispatch?: (pid: number, attempt: number) => void;
}

interface Task {
  job: number;
  windows: PixelWindow[];
  attempt: number;
  resolve: (features: Float32Array) => void;
  reject: (err: Error) => void;
}

interface Worker {
  child: ChildProcess;
  ready: boolean;
  task: Task | null;
}

export class FeatureWorkerPool {
  private readonly workers = new Set<Worker>();
  private readonly queue: Task[] = [];
  private nextJob = 1;
  private closed = false;
  private readonly maxAttempts: number;
  private startFailure: string | null = null;
  private readonly report: (r: string) => void;
  /** Called whenever a worker becomes ready or exits (start() waits on these). */
  private readonly changed = new Set<() => void>();

  constructor(private readonly options: WorkerPoolOptions) {
    if (!(options.size >= 1)) throw new Error(`a feature pool needs at least one worker (got ${options.size})`);
    this.maxAttempts = options.maxAttempts ?? 2;
    this.report = options.onWorkerExit ?? ((r) => process.stderr.write(`[features] ${r}\n`));
  }

  /** Features of the windows, FEATURE_COUNT per window, in order. */
  compute(windows: PixelWindow[]): Promise<Float32Array> {
    if (this.closed) return Promise.reject(new Error('the feature pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ job: this.nextJob++, windows, attempt: 0, resolve, reject });
      this.pump();
    });
  }

  /**
   * Starts every worker now and resolves once all are ready (each has loaded
   * tsx and OpenCV, about a second), so a trainer can overlap that start-up
   * with its own. Rejects when a worker cannot start.
   */
  start(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the feature pool is closed'));
    while (this.workers.size < this.options.size) this.spawn();
    const all = [...this.workers];
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const dead = all.find((w) => !w.ready && !this.workers.has(w));
        if (dead) {
          this.changed.delete(check);
          reject(new Error(this.startFailure ?? `feature worker ${dead.child.pid} exited during start-up`));
        } else if (all.every((w) => w.ready)) {
          this.changed.delete(check);
          resolve();
        }
      };
      this.changed.add(check);
      check();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const closedError = new Error('the feature pool was closed');
    for (const t of this.queue.splice(0)) t.reject(closedError);
    for (const w of this.workers) {
      w.task?.reject(closedError);
      w.task = null;
    }
    const exits = [...this.workers].map(
      (w) =>
        new Promise<void>((resolve) => {
          if (w.child.exitCode !== null || w.child.signalCode !== null) return resolve();
          w.child.once('exit', () => resolve());
          const timer = setTimeout(() => w.child.kill('SIGKILL'), 3000);
          w.child.once('exit', () => clearTimeout(timer));
          if (w.child.connected) w.child.disconnect();
          else w.child.kill('SIGKILL');
        }),
    );
    await Promise.all(exits);
  }

  private pump(): void {
    if (this.closed) return;
    for (const w of this.workers) {
      if (this.queue.length === 0) return;
      if (w.ready && !w.task) this.dispatch(w, this.queue.shift()!);
    }
    // Start workers for the work still waiting, up to the pool's size.
    const starting = [...this.workers].filter((w) => !w.ready).length;
    for (let i = starting; i < this.queue.length && this.workers.size < this.options.size; i++) this.spawn();
  }

  private dispatch(w: Worker, task: Task): void {
    w.task = task;
    task.attempt++;
    this.options.onDispatch?.(w.child.pid!, task.attempt);
    this.send(w, { type: 'compute', job: task.job, windows: task.windows });
  }

  private send(w: Worker, message: ToWorker): void {
    try {
      w.child.send(message);
    } catch {
      // The channel closed under us: the exit handler settles the task.
    }
  }

  private spawn(): void {
    const child = fork(WORKER_ENTRY, [], {
      execArgv: ['--import', tsxLoaderUrl()],
      serialization: 'advanced',
      env: { ...ENGINE_MALLOC_ENV, ...process.env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const w: Worker = { child, ready: false, task: null };
    this.workers.add(w);
    child.on('message', (m: FromWorker) => this.onMessage(w, m));
    child.once('error', () => {
      // Spawning failed (or a signal could not be sent); 'exit' may never come, so settle here too.
      if (this.workers.has(w)) this.onExit(w, null, null);
    });
    child.once('exit', (code, signal) => {
      if (this.workers.has(w)) this.onExit(w, code, signal);
    });
    this.send(w, { type: 'init', recipe: this.options.recipe });
  }

  private onMessage(w: Worker, m: FromWorker): void {
    if (m.type === 'ready') {
      w.ready = true;
      for (const f of [...this.changed]) f();
      this.pump();
      return;
    }
    const task = w.task;
    if (m.type === 'error' && m.job === null) {
      // The worker cannot work at all (e.g. OpenCV missing): fail everything rather than respawn forever.
      this.startFailure = `feature worker could not start: ${m.message}`;
      this.failAll(new Error(this.startFailure));
      w.child.kill('SIGKILL');
      return;
    }
    if (!task || task.job !== m.job) return;
    w.task = null;
    if (m.type === 'result') task.resolve(m.features);
    else task.reject(new Error(`computing features failed: ${m.message}`));
    this.pump();
  }

  private onExit(w: Worker, code: number | null, signal: NodeJS.Signals | null): void {
    this.workers.delete(w);
    for (const f of [...this.changed]) f();
    const how = signal ? `signal ${signal}` : `exit code ${code}`;
    const task = w.task;
    w.task = null;
    if (task) {
      if (task.attempt < this.maxAttempts && !this.closed) {
        this.report(`feature worker ${w.child.pid} died (${how}) while computing ${task.windows.length} samples; retrying them on another worker`);
        this.queue.unshift(task);
      } else {
        const message = `feature worker ${w.child.pid} died (${how}) while computing ${task.windows.length} samples, attempt ${task.attempt} of ${this.maxAttempts}; giving up on them`;
        this.report(message);
        task.reject(new Error(message));
      }
    } else if (!this.closed && !w.ready && this.queue.length > 0) {
      // Died during start-up with work waiting: count it against the oldest task so a broken worker cannot loop.
      const oldest = this.queue[0];
      oldest.attempt++;
      if (oldest.attempt >= this.maxAttempts) {
        this.queue.shift();
        oldest.reject(new Error(`feature worker ${w.child.pid} died during start-up (${how}); giving up after ${oldest.attempt} attempts`));
      }
    }
    this.pump();
  }

  private failAll(err: Error): void {
    this.closed = true;
    for (const t of this.queue.splice(0)) t.reject(err);
    for (const w of this.workers) {
      const t = w.task;
      w.task = null;
      t?.reject(err);
    }
  }
}
