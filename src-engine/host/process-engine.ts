// What both engine process entries share: build the service from the host's
// environment (options, data folder), route errors to the client and stderr,
// keep serving through uncaught errors, and commit queued results on SIGTERM.
// The entries differ only in how they reach their client.
import { EngineService } from './engine-service.js';
import { createDefaultEngineDeps } from './default-engine-deps.js';
import { engineOptionsFromEnv } from './engine-options-env.js';
import { dataFolderOptions } from './data-folder-env.js';
import type { EnginePort } from './port.js';

const describe = (err: unknown): string => (err instanceof Error ? (err.stack ?? err.message) : String(err));

/** Creates the engine service on `port`; call `start()` once the port is wired. */
export function createProcessEngine(port: EnginePort): { service: EngineService; start(): void } {
  const { options, problem } = engineOptionsFromEnv();
  // The data folder reports through the service's log once the service exists.
  let report = (message: string): void => void process.stderr.write(`[engine] ${message}\n`);
  const service = new EngineService(port, createDefaultEngineDeps(), {
    ...options,
    ...dataFolderOptions((message) => report(message)),
    onLog: (event) => {
      if (event.level === 'error') process.stderr.write(`[engine] ${event.message}\n`);
    },
  });
  report = (message) => service.log('error', message);

  process.on('uncaughtException', (err) => service.log('error', `uncaught exception: ${describe(err)}`));
  process.on('unhandledRejection', (reason) => service.log('error', `unhandled rejection: ${describe(reason)}`));
  // Asked to stop: commit the queued results before leaving.
  process.on('SIGTERM', () => {
    service.dispose();
    process.exit(0);
  });

  return {
    service,
    start: () => {
      if (problem) service.log('warn', problem);
      void service.start();
    },
  };
}
