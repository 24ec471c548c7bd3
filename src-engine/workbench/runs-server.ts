// The run monitor's part of the workbench process: RunsService's handlers for
// the `runs.*` namespace, and its updates sent as runs.update events. The
// workbench process may serve other namespaces too (history, labels); they
// share one ContractServer per port, so the handlers are exported to be spread
// into that server's table beside theirs.
import { ContractServer, type ContractHandlers } from '../host/contract-server.js';
import type { EnginePort } from '../host/port.js';
import type { RunningService } from '../host/service-entry.js';
import { DATA_DIR_ENV } from '../host/data-folder-env.js';
import { RunsService, defaultLogdirOf, type RunsServiceOptions } from './runs-service.js';
import type { RunsMethod, RunsUpdate } from '../../src-shared/runs-contract.js';

export function runsHandlers(service: RunsService): ContractHandlers<RunsMethod> {
  return {
    'runs.open': (p) => service.open(p.logdir),
    'runs.close': (p) => service.close(p.logdir),
    'runs.list': () => ({ ok: true, value: service.list() }),
    'runs.scalars': (p) => service.scalars(p.runId, p.tags),
    'runs.epoch': (p) => service.epoch(p.runId, p.epoch),
    'runs.exportCsv': (p) => service.exportCsv(p.runId),
  };
}

/** A RunsService whose updates go to `emit` (a ContractServer's emit of runs.update), logging to stderr. */
export function createRunsService(emit: (update: RunsUpdate) => void, options: RunsServiceOptions = {}): RunsService {
  return new RunsService(emit, { log: (message) => process.stderr.write(`[workbench] ${message}\n`), ...options });
}

export interface RunsServer extends RunningService {
  service: RunsService;
}

/** The run monitor alone on a port (its tests, and the workbench entry until other namespaces join it). */
export function createRunsServer(port: EnginePort, options: RunsServiceOptions = {}): RunsServer {
  let server: ContractServer<RunsMethod> | null = null;
  const service = createRunsService((update) => server?.emit('runs.update', update), options);
  server = new ContractServer<RunsMethod>(port, 'workbench', runsHandlers(service));
  service.start();
  return {
    service,
    // A new window asks runs.list itself; nothing to push.
    dispose: () => {
      service.dispose();
      server?.dispose();
    },
  };
}

/** Options from the environment the hosts give every service (LOUPE_DATA_DIR). */
export function runsOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): RunsServiceOptions {
  return { defaultLogdir: defaultLogdirOf(env[DATA_DIR_ENV]) };
}
