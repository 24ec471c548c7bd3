// The sandboxed preload: exposes exactly one object, window.loupe, a
// LoupeClient over the MessagePorts main hands us, one per service process
// (engine, trainer, run monitor). Requests go to the service that serves their
// namespace; events from all of them reach the same listeners. Built as ONE
// CommonJS bundle, because a sandboxed preload cannot load ES modules or
// require anything but 'electron'.
import { contextBridge, ipcRenderer } from 'electron';
import { createPortClient, type PortClient } from '../src-shared/port-client.js';
import type { LoupeClient, PayloadOf } from '../src-shared/client.js';
import { EVENT_NAMES, type EventName } from '../src-shared/messages.js';
import { fail } from '../src-shared/result.js';
import { SERVICE_LABELS, SERVICE_NAMES, serviceOf, type ServiceName } from '../src-shared/services.js';
import { IPC, type EngineStateMessage, type ServicePortMessage } from './ipc-channels.js';
import { ListenerSet } from '../src-shared/listener-set.js';

// Listeners registered by the page survive service restarts: they live here, not
// on the per-port clients that are replaced when a new port arrives.
const reportListenerError = (err: unknown) => console.error('a window.loupe listener threw', err);
const events = Object.fromEntries(EVENT_NAMES.map((name) => [name, new ListenerSet<unknown>(reportListenerError)])) as Record<EventName, ListenerSet<unknown>>;
const connects = new ListenerSet<void>(reportListenerError);
const disconnects = new ListenerSet<void>(reportListenerError);
const clients = new Map<ServiceName, PortClient>();

/** Switches a service to a fresh port: the window's first, or the one after that service restarted. */
function adopt(service: ServiceName, port: MessagePort): void {
  clients.get(service)?.dispose(`the connection to ${SERVICE_LABELS[service]} was replaced (restarted or window reloaded)`);
  port.start();
  const next = createPortClient({
    postMessage: (msg) => port.postMessage(msg),
    onMessage: (listener) => {
      const handler = (e: MessageEvent) => listener(e.data);
      port.addEventListener('message', handler);
      return () => port.removeEventListener('message', handler);
    },
  });
  for (const name of EVENT_NAMES) next.onEvent(name, (payload) => events[name].emit(payload));
  clients.set(service, next);
  // The page re-syncs on connect; only the engine's link decides the ONLINE state it shows.
  if (service === 'engine') connects.emit();
}

ipcRenderer.on(IPC.enginePort, (event, msg: ServicePortMessage | null) => {
  const [port] = event.ports;
  const service = msg && (SERVICE_NAMES as readonly string[]).includes(msg.service) ? msg.service : 'engine';
  if (port) adopt(service, port);
});
ipcRenderer.on(IPC.engineState, (_event, msg: EngineStateMessage) => {
  if (msg.state !== 'running' && msg.service === 'engine') disconnects.emit();
  events.log.emit({ level: msg.state === 'stopped' ? 'error' : 'warn', message: msg.message, atMs: Date.now() });
});
void ipcRenderer.invoke(IPC.requestEnginePort);

const api: LoupeClient & { onDidConnect(listener: () => void): () => void; onDidDisconnect(listener: () => void): () => void } = {
  request: (method, params) => {
    const service = serviceOf(method);
    const client = clients.get(service);
    return client ? client.request(method, params) : Promise.resolve(fail('internal', `not connected to ${SERVICE_LABELS[service]} yet`, method));
  },
  onDidReceiveFrame: (listener) => events.frame.add(listener as (e: unknown) => void),
  onDidChangeStatus: (listener) => events.status.add(listener as (e: unknown) => void),
  onDidLog: (listener) => events.log.add(listener as (e: unknown) => void),
  onEvent: <E extends EventName>(event: E, listener: (payload: PayloadOf<E>) => void) => events[event].add(listener as (e: unknown) => void),
  onDidConnect: (listener) => {
    const off = connects.add(listener);
    if (clients.has('engine')) queueMicrotask(() => listener());
    return off;
  },
  onDidDisconnect: (listener) => disconnects.add(listener),
};

contextBridge.exposeInMainWorld('loupe', api);
