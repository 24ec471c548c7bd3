// Entry of the engine as a forked Node process (web host, tests): serves the
// contract over the IPC channel until the parent disconnects. An uncaught error is
// logged to the client and the process keeps serving; the parent's supervisor,
// not this process, decides when an engine is beyond saving.
import { createProcessPort } from './node-ipc-port.js';
import { createProcessEngine } from './process-engine.js';

const port = createProcessPort(process, (err) => process.stderr.write(`[engine] IPC send failed: ${err.message}\n`));
const engine = createProcessEngine(port);

// The parent went away (closed us, or died): nothing left to serve.
process.on('disconnect', () => {
  engine.service.dispose();
  process.exit(0);
});

engine.start();
