// Starts a worker thread from a module next to the caller. Under tsx (tests,
// the CLI, the web host) the entry is TypeScript and the worker needs tsx's
// loader registered in its own thread: `execArgv: ['--import', tsx]` is not
// honoured by worker threads on Node 20, so a tiny bootstrap registers it.
// A bundled build (.js entry) starts the entry directly.
import { Worker, type WorkerOptions } from 'node:worker_threads';

export function startModuleWorker(entry: URL, options: WorkerOptions): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, options);
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}
