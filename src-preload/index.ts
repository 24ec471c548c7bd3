// The sandboxed preload: exposes exactly one object, window.loupe, a
// LoupeClient over the MessagePort main hands us (its other end is in the
// engine's utility process). Built as ONE CommonJS bundle, because a sandboxed
// preload cannot load ES modules or require anything but 'electron'.
import { contextBridge, ipcRenderer } from 'electron';
import { createPortClient, type PortClient } from '../src-shared/port-client.js';
import type { LoupeClient } from '../src-shared/client.js';
import type { EngineStatus, FrameEvent, LogEvent } from '../src-shared/events.js';
import { fail } from '../src-shared/result.js';
import { IPC, type EngineStateMessage } from './ipc-channels.js';
import { ListenerSet } from '../src-shared/listener-set.js';

// Listeners registered by the page survive engine restarts: they live here, not
// on the per-port client that is replaced when a new port arrives.
const reportListenerError = (err: unknown) => console.error('a window.loupe listener threw', err);
const frames = new ListenerSet<FrameEvent>(reportListenerError);
const statuses = new ListenerSet<EngineStatus>(reportListenerError);
const logs = new ListenerSet<LogEvent>(reportListenerError);
const connects = new ListenerSet<void>(reportListenerError);
const disconnects = new ListenerSet<void>(reportListenerError);
let client: PortClient | null = null;

/** Switches to a fresh engine port: the window's first port, or the one after an engine restart. */
function adopt(port: MessagePort): void {
  client?.dispose('the engine connection was replaced (engine restarted or window reloaded)');
  port.start();
  const next = createPortClient({
    postMessage: (msg) => port.postMessage(msg),
    onMessage: (listener) => {
      const handler = (e: MessageEvent) => listener(e.data);
      port.addEventListener('message', handler);
      return () => port.removeEventListener('message', handler);
    },
  });
  next.onDidReceiveFrame((e) => frames.emit(e));
  next.onDidChangeStatus((s) => statuses.emit(s));
  next.onDidLog((l) => logs.emit(l));
  client = next;
  connects.emit();
}

ipcRenderer.on(IPC.enginePort, (event) => {
  const [port] = event.ports;
  if (port) adopt(port);
});
ipcRenderer.on(IPC.engineState, (_event, msg: EngineStateMessage) => {
  if (msg.state !== 'running') disconnects.emit();
  logs.emit({ level: msg.state === 'stopped' ? 'error' : 'warn', message: msg.message, atMs: Date.now() });
});
void ipcRenderer.invoke(IPC.requestEnginePort);

const api: LoupeClient & { onDidConnect(listener: () => void): () => void; onDidDisconnect(listener: () => void): () => void } = {
  request: (method, params) =>
    client ? client.request(method, params) : Promise.resolve(fail('internal', 'not connected to the engine yet', method)),
  onDidReceiveFrame: (listener) => frames.add(listener),
  onDidChangeStatus: (listener) => statuses.add(listener),
  onDidLog: (listener) => logs.add(listener),
  onDidConnect: (listener) => {
    const off = connects.add(listener);
    if (client) queueMicrotask(() => listener());
    return off;
  },
  onDidDisconnect: (listener) => disconnects.add(listener),
};

contextBridge.exposeInMainWorld('loupe', api);
