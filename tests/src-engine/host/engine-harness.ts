// Drives a real EngineService (real sources, inspection and previews) through an
// in-memory port pair: the engine's behaviour without a process in the way.
import { expect } from 'vitest';
import { EngineService, type EngineServiceOptions } from '../../../src-engine/host/engine-service.js';
import { createDefaultEngineDeps } from '../../../src-engine/host/default-engine-deps.js';
import type { EngineDeps } from '../../../src-engine/host/engine-deps.js';
import type { EnginePort } from '../../../src-engine/host/port.js';
import { createMemoryPortPair } from '../../../src-engine/host/memory-port.js';
import { createPortClient } from '../../../src-shared/port-client.js';
import type { EngineStatus, FrameEvent, LogEvent } from '../../../src-shared/events.js';
import type { SourceSpecInput } from '../../../src-shared/sources.js';

/** Small, fast frames so tests see many of them quickly. */
export const SMALL_SYNTHETIC: SourceSpecInput = { kind: 'synthetic', seed: 3, width: 320, height: 256, fps: 60, partsPerFrame: 4 };

export interface RawResponse {
  kind: 'response';
  id: number;
  result: { ok: boolean; value?: unknown; error?: { code: string; message: string } };
}

/**
 * `enginePort` lets a test put something between the engine and its port, e.g. a
 * view that cannot be reached; by default the engine talks to the pair directly.
 */
export async function startEngine(options: EngineServiceOptions = {}, deps: EngineDeps = createDefaultEngineDeps(), enginePort: (port: EnginePort) => EnginePort = (port) => port) {
  const pair = createMemoryPortPair();
  const service = new EngineService(enginePort(pair.engine), deps, { defaultSource: SMALL_SYNTHETIC, previewAckTimeoutMs: 60_000, ...options });
  const client = createPortClient(pair.client, { timeoutMs: 10_000 });
  const frames: FrameEvent[] = [];
  const statuses: EngineStatus[] = [];
  const logs: LogEvent[] = [];
  const responses: RawResponse[] = [];
  client.onDidReceiveFrame((f) => frames.push(f));
  client.onDidChangeStatus((s) => statuses.push(s));
  client.onDidLog((l) => logs.push(l));
  pair.client.onMessage((m) => {
    if ((m as { kind?: string }).kind === 'response') responses.push(m as RawResponse);
  });
  await service.start();

  /** Sends anything at all, as a buggy or hostile client would. */
  const sendRaw = (msg: unknown) => pair.client.postMessage(msg);
  const responseTo = async (id: number): Promise<RawResponse> => {
    await expect.poll(() => responses.some((r) => r.id === id), { timeout: 5000 }).toBe(true);
    return responses.find((r) => r.id === id)!;
  };
  const waitForFrames = async (count: number, timeout = 15_000) => {
    const target = frames.length + count;
    await expect.poll(() => frames.length, { timeout }).toBeGreaterThanOrEqual(target);
  };
  const close = () => {
    client.dispose('test over');
    service.dispose();
    pair.close();
  };
  return { service, client, frames, statuses, logs, responses, sendRaw, responseTo, waitForFrames, close };
}

export async function ok<T>(promise: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T> {
  const result = await promise;
  if (!result.ok) throw new Error(`request failed: ${result.error.message}`);
  return result.value;
}
