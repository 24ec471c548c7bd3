// Entry of the engine as an Electron utility process. Main hands over a
// MessagePort (message.ports[0]) whose other end lives in the renderer, so frames
// go engine → renderer without a hop through main. Electron is typed structurally:
// engine code must not import it.
import { acceptParentPorts, type ParentPortLike } from './utility-port.js';
import { createSwitchablePort } from './switchable-port.js';
import { createProcessEngine } from './process-engine.js';

const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
if (!parentPort) {
  process.stderr.write('[engine] utility-entry must run in an Electron utility process (process.parentPort is missing)\n');
  process.exit(1);
}

const port = createSwitchablePort();
const engine = createProcessEngine(port);

acceptParentPorts(parentPort, (rendererPort) => {
  port.attach(rendererPort);
  engine.service.log('info', 'a window connected');
  engine.service.broadcastStatus();
});

engine.start();
