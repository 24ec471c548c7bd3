// The keeper's policy with a fake spawner: which exits restart, which give up, and which are no crash at all.
import { describe, expect, it } from 'vitest';
import { EngineKeeper, type ExitListener, type KeptEngine } from '../../src-web/engine-keeper.js';
import { FakeEngine } from './fake-engine.js';

/** Spawns fake engines with rising pids and lets the test make them "exit". */
function fakeSpawner() {
  const exits: ExitListener[] = [];
  let failNext = 0;
  let closed = 0;
  const start = async (onExit: ExitListener): Promise<KeptEngine> => {
    await Promise.resolve();
    if (failNext > 0) {
      failNext--;
      throw new Error('the engine process exited during start-up (code 1)');
    }
    const pid = 100 + exits.length;
    exits.push(onExit);
    return { port: new FakeEngine(), hello: { engine: 'fake', opencv: '4.6.0', pid }, close: async () => void closed++ };
  };
  return { start, crash: (signal: NodeJS.Signals = 'SIGKILL') => exits.at(-1)!(null, signal), spawned: () => exits.length, closed: () => closed, failNextStarts: (n: number) => (failNext = n) };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

function keeperWith(spawner: ReturnType<typeof fakeSpawner>) {
  const restarted: string[] = [];
  const gaveUp: string[] = [];
  let clock = 0;
  const keeper = new EngineKeeper(spawner.start, { onRestarted: (_e, m) => restarted.push(m), onGiveUp: (m) => gaveUp.push(m) }, undefined, () => (clock += 1000));
  return { keeper, restarted, gaveUp };
}

describe('EngineKeeper', () => {
  it('restarts a crashed engine twice, then gives up at the third crash within the window', async () => {
    const spawner = fakeSpawner();
    const { keeper, restarted, gaveUp } = keeperWith(spawner);
    expect((await keeper.start()).hello.pid).toBe(100);

    spawner.crash();
    await settle();
    expect(restarted).toEqual(['the engine stopped (SIGKILL); restarted (pid 101, crash 1 of 3 crashes in 5 minutes)']);
    expect(keeper.engine?.hello.pid).toBe(101);

    spawner.crash('SIGSEGV');
    await settle();
    expect(restarted).toHaveLength(2);
    expect(keeper.engine?.hello.pid).toBe(102);

    spawner.crash();
    await settle();
    expect(gaveUp).toEqual(['the engine stopped (SIGKILL); it crashed 3 times (limit: 3 crashes in 5 minutes), not restarting it']);
    expect(spawner.spawned()).toBe(3);
    expect(keeper.engine).toBeNull();
  });

  it('counts a restart that cannot start as another crash, so a broken engine still ends in give-up', async () => {
    const spawner = fakeSpawner();
    const { keeper, restarted, gaveUp } = keeperWith(spawner);
    await keeper.start();
    spawner.failNextStarts(5);
    spawner.crash();
    await settle();
    await settle();
    expect(restarted).toEqual([]);
    expect(gaveUp).toHaveLength(1);
    expect(gaveUp[0]).toMatch(/^the engine could not be restarted \(the engine process exited during start-up \(code 1\)\); it crashed 3 times/);
  });

  it('does not count or restart the exit a clean stop causes', async () => {
    const spawner = fakeSpawner();
    const { keeper, restarted, gaveUp } = keeperWith(spawner);
    await keeper.start();
    const stopped = keeper.stop();
    spawner.crash('SIGINT'); // Ctrl+C reaches the engine child as well
    await stopped;
    await settle();
    expect(spawner.closed()).toBe(1);
    expect(spawner.spawned()).toBe(1);
    expect(restarted).toEqual([]);
    expect(gaveUp).toEqual([]);
  });
});
