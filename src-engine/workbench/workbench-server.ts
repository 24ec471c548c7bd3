// The workbench process's one contract server: the run monitor (`runs.*`) and
// the review (`history.*`, `labels.*`) side by side on the same port.
import { ContractServer } from '../host/contract-server.js';
import { DATA_DIR_ENV } from '../host/data-folder-env.js';
import type { EnginePort } from '../host/port.js';
import type { RunningService } from '../host/service-entry.js';
import type { HistoryMethod } from '../../src-shared/history-methods.js';
import type { RunsMethod } from '../../src-shared/runs-contract.js';
import { historyHandlers } from './history-handlers.js';
import { HistoryService, type HistoryServiceOptions } from './history-service.js';
import { createRunsService, runsHandlers } from './runs-server.js';
import { defaultLogdirOf, type RunsService, type RunsServiceOptions } from './runs-service.js';

export interface WorkbenchOptions {
  runs?: RunsServiceOptions;
  history?: HistoryServiceOptions;
}

export interface WorkbenchServer extends RunningService {
  runs: RunsService;
  history: HistoryService;
}

export function createWorkbenchServer(port: EnginePort, options: WorkbenchOptions = {}): WorkbenchServer {
  let server: ContractServer<RunsMethod | HistoryMethod> | null = null;
  const log = (message: string) => process.stderr.write(`[workbench] ${message}\n`);
  const runs = createRunsService((update) => server?.emit('runs.update', update), options.runs);
  const history = new HistoryService({ dataDir: null, log, ...options.history }, (job) => server?.emit('history.job', job));
  server = new ContractServer<RunsMethod | HistoryMethod>(port, 'workbench', { ...runsHandlers(runs), ...historyHandlers(history) });
  runs.start();
  return {
    runs,
    history,
    dispose: () => {
      runs.dispose();
      history.dispose();
      server?.dispose();
    },
  };
}

/** Options from the environment the hosts give every service (LOUPE_DATA_DIR). */
export function workbenchOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): WorkbenchOptions {
  const dataDir = env[DATA_DIR_ENV] ?? null;
  return { runs: { defaultLogdir: defaultLogdirOf(dataDir ?? undefined) }, history: { dataDir } };
}
