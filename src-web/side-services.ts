// Starts the trainer and the run monitor beside the engine, each in its own
// process under its own crash limit, and routes their namespaces through the
// bridge. A side service that cannot start is reported and its requests are
// answered with an error: live inspection never depends on it.
import { spawnEngine } from '../src-engine/host/spawn-engine.js';
import { SERVICE_CHILD_ENTRIES, SERVICE_READY_METHODS, SIDE_SERVICES, type SideService } from '../src-engine/host/service-entries.js';
import { SERVICE_LABELS } from '../src-shared/services.js';
import { EngineKeeper, type KeptEngine } from './engine-keeper.js';
import type { EngineBridge } from './engine-bridge.js';

export interface SideServices {
  stop(): Promise<void>;
}

export function startSideServices(bridge: EngineBridge, env: NodeJS.ProcessEnv, log: (line: string) => void): SideServices {
  const keepers = SIDE_SERVICES.map((name) => keep(name, bridge, env, log));
  return { stop: async () => void (await Promise.all(keepers.map((k) => k.stop()))) };
}

function keep(name: SideService, bridge: EngineBridge, env: NodeJS.ProcessEnv, log: (line: string) => void): EngineKeeper {
  const label = SERVICE_LABELS[name];
  const keeper = new EngineKeeper(
    async (onExit): Promise<KeptEngine> => {
      const spawned = await spawnEngine({ entry: SERVICE_CHILD_ENTRIES[name], readyMethod: SERVICE_READY_METHODS[name], env, onExit });
      spawned.client.dispose('the web host relays raw messages');
      return spawned;
    },
    {
      onRestarted: (service, message) => {
        log(`[web] ${label}: ${message}`);
        bridge.attachService(name, service.port, `${label} stopped and was restarted`);
      },
      onGiveUp: (message) => {
        log(`[web] ${label}: ${message}`);
        bridge.detachService(name, `${label} stopped: ${message}`);
        bridge.notifyAll('error', `${label} stopped and was not restarted: ${message}`);
      },
    },
  );
  keeper.start().then(
    (service) => {
      log(`[web] ${label} ready (pid ${service.hello.pid})`);
      bridge.attachService(name, service.port);
    },
    (err: unknown) => log(`[web] ${label} did not start: ${err instanceof Error ? err.message : String(err)}`),
  );
  return keeper;
}
