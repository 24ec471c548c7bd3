// Entry of the engine as an Electron utility process. Main hands over a
// MessagePort (message.ports[0]) whose other end lives in the renderer, so frames
// go engine → renderer without a hop through main. Electron is typed structurally:
// engine code must not import it.
import { acceptParentPorts, type ParentPortLike } from './utility-port.js';
import { createSwitchablePort } from './switchable-port.js';
import { EngineService } from './engine-service.js';
import { createDefaultEngineDeps } from './default-engine-deps.js';
import { engineOptionsFromEnv } from './engine-options-env.js';
import { dataFolderOptions } from './data-folder-env.js';

const describe = (err: unknown): string => (err instanceof Error ? (err.stack ?? err.message) : String(err));

const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
if (!parentPort) {
  process.stderr.write('[engine] utility-entry must run in an Electron utility process (process.parentPort is missing)\n');
  process.exit(1);
}

const port = createSwitchablePort();
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

acceptParentPorts(parentPort, (rendererPort) => {
  port.attach(rendererPort);
  service.log('info', 'a window connected');
  service.broadcastStatus();
});

if (problem) service.log('warn', problem);
void service.start();
