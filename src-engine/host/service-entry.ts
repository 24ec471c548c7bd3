// How a service process (trainer, run monitor) reaches its client, whichever
// host started it: a forked Node child talks over its IPC channel; an Electron
// utility process is handed MessagePorts by main (one per window, replaced on
// reload). Both keep serving through uncaught errors and stop cleanly on SIGTERM
// or when the parent goes away.
import { createProcessPort } from './node-ipc-port.js';
import { createSwitchablePort } from './switchable-port.js';
import { acceptParentPorts, type ParentPortLike } from './utility-port.js';
import type { EnginePort } from './port.js';
import type { ServiceName } from '../../src-shared/services.js';

export interface RunningService {
  /** Called when a (new) client connects: a good moment to send it the current state. */
  onClientConnected?(): void;
  dispose(): void | Promise<void>;
}

const describe = (err: unknown): string => (err instanceof Error ? (err.stack ?? err.message) : String(err));

function guard(name: ServiceName, service: () => RunningService | undefined): void {
  process.on('uncaughtException', (err) => process.stderr.write(`[${name}] uncaught exception: ${describe(err)}\n`));
  process.on('unhandledRejection', (reason) => process.stderr.write(`[${name}] unhandled rejection: ${describe(reason)}\n`));
  const stop = async () => {
    try {
      await service()?.dispose();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void stop());
  process.on('disconnect', () => void stop());
}

/** Entry of a forked child (web host, tests). */
export function serveAsChild(name: ServiceName, create: (port: EnginePort) => RunningService): void {
  const port = createProcessPort(process, (err) => process.stderr.write(`[${name}] IPC send failed: ${err.message}\n`));
  const held: { service?: RunningService } = {};
  guard(name, () => held.service);
  held.service = create(port);
}

/** Entry of an Electron utility process. */
export function serveAsUtility(name: ServiceName, create: (port: EnginePort) => RunningService): void {
  const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
  if (!parentPort) {
    process.stderr.write(`[${name}] this entry must run in an Electron utility process (process.parentPort is missing)\n`);
    process.exit(1);
  }
  const port = createSwitchablePort();
  const held: { service?: RunningService } = {};
  guard(name, () => held.service);
  held.service = create(port);
  acceptParentPorts(parentPort, (windowPort) => {
    port.attach(windowPort);
    held.service?.onClientConnected?.();
  });
}
