// Entry of the engine as a forked Node process (web host, tests): serves the
// contract over the IPC channel until the parent disconnects. An uncaught error is
// logged to the client and the process keeps serving; the parent's supervisor,
// not this process, decides when an engine is beyond saving.
import { createProcessPort } from './node-ipc-port.js';
import { EngineService } from './engine-service.js';
import { createDefaultEngineDeps } from './default-engine-deps.js';
import { engineOptionsFromEnv } from './engine-options-env.js';
import { dataFolderOptions } from './data-folder-env.js';

const describe = (err: unknown): string => (err instanceof Error ? (err.stack ?? err.message) : String(err));

const port = createProcessPort(process, (err) => process.stderr.write(`[engine] IPC send failed: ${err.message}\n`));
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
// The parent went away (closed us, or died): nothing left to serve.
process.on('disconnect', () => {
  service.dispose();
  process.exit(0);
});
// Asked to stop: commit the queued results before leaving.
process.on('SIGTERM', () => {
  service.dispose();
  process.exit(0);
});

if (problem) service.log('warn', problem);
void service.start();
