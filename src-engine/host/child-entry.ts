// Entry of the engine as a forked Node process (web host, tests): serves the
// contract over the IPC channel until the parent disconnects. An uncaught error is
// logged to the client and the process keeps serving; the parent's supervisor,
// not this process, decides when an engine is beyond saving.
import { createProcessPort } from './node-ipc-port.js';
import { EngineService } from './engine-service.js';
import { createDefaultEngineDeps } from './default-engine-deps.js';
import { engineOptionsFromEnv } from './engine-options-env.js';

const describe = (err: unknown): string => (err instanceof Error ? (err.stack ?? err.message) : String(err));

const port = createProcessPort(process, (err) => process.stderr.write(`[engine] IPC send failed: ${err.message}\n`));
const { options, problem } = engineOptionsFromEnv();
const service = new EngineService(port, createDefaultEngineDeps(), {
  ...options,
  onLog: (event) => {
    if (event.level === 'error') process.stderr.write(`[engine] ${event.message}\n`);
  },
});

process.on('uncaughtException', (err) => service.log('error', `uncaught exception: ${describe(err)}`));
process.on('unhandledRejection', (reason) => service.log('error', `unhandled rejection: ${describe(reason)}`));
// The parent went away (closed us, or died): nothing left to serve.
process.on('disconnect', () => {
  service.dispose();
  process.exit(0);
});

if (problem) service.log('warn', problem);
void service.start();
