// EnginePort over a Node IPC channel (child_process.fork). Both ends must use
// `serialization: 'advanced'` (V8 serialization) so typed arrays and Maps arrive
// as themselves instead of being flattened to JSON.
import type { ChildProcess } from 'node:child_process';
import { ListenerSet } from '../../src-shared/listener-set.js';
import type { EnginePort } from './port.js';

/** The child's side: this process was forked with an IPC channel. */
export function createProcessPort(proc: NodeJS.Process = process, onSendError?: (err: Error) => void): EnginePort {
  const send = proc.send?.bind(proc);
  if (!send) throw new Error('this process has no IPC channel: start it with child_process.fork');
  const listeners = new ListenerSet<unknown>();
  proc.on('message', (msg: unknown) => listeners.emit(msg));
  return {
    postMessage(msg) {
      // With a callback, a closed channel reports here instead of emitting an
      // unhandled 'error' event; a parent that went away is not our crash.
      send(msg as never, undefined, undefined, (err) => {
        if (err) onSendError?.(err);
      });
    },
    onMessage: (listener) => listeners.add(listener),
  };
}

/** The parent's side: the forked child's IPC channel. */
export function createChildProcessPort(child: ChildProcess, onSendError?: (err: Error) => void): EnginePort {
  const listeners = new ListenerSet<unknown>();
  child.on('message', (msg: unknown) => listeners.emit(msg));
  return {
    postMessage(msg) {
      if (!child.connected) {
        onSendError?.(new Error('the engine process is not connected'));
        return;
      }
      child.send(msg as never, (err) => {
        if (err) onSendError?.(err);
      });
    },
    onMessage: (listener) => listeners.add(listener),
  };
}
