// The run monitor on a port: RunsService behind the generic contract server,
// with its updates sent as runs.update events.
import { ContractServer } from '../host/contract-server.js';
import type { EnginePort } from '../host/port.js';
import type { RunningService } from '../host/service-entry.js';
import { DATA_DIR_ENV } from '../host/data-folder-env.js';
import { RunsService, defaultLogdirOf, type RunsServiceOptions } from './runs-service.js';
import type { RunsMethod } from '../../src-shared/runs-contract.js';

export interface RunsServer extends RunningService {
  service: RunsService;
}

export function createRunsServer(port: EnginePort, options: RunsServiceOptions = {}): RunsServer {
  let server: ContractServer<RunsMethod> | null = null;
  const service = new RunsService((update) => server?.emit('runs.update', update), {
    log: (message) => process.stderr.write(`[workbench] ${message}\n`),
    ...options,
  });
  server = new ContractServer<RunsMethod>(port, 'workbench', {
    'runs.open': (p) => service.open(p.logdir),
    'runs.close': (p) => service.close(p.logdir),
    'runs.list': () => ({ ok: true, value: service.list() }),
    'runs.scalars': (p) => service.scalars(p.runId, p.tags),
    'runs.epoch': (p) => service.epoch(p.runId, p.epoch),
    'runs.exportCsv': (p) => service.exportCsv(p.runId),
  });
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
