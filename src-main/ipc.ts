// The only IPC main answers: a window asking for its service ports (one per service process). Checked
// against the sender policy, so no other frame or page can obtain a channel.
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { IPC } from '../src-preload/ipc-channels.js';
import { isTrustedSender } from './policies/sender-check.js';
import type { EngineSupervisor } from './engine-supervisor.js';

export function registerIpc(supervisors: readonly EngineSupervisor[], trustedIds: ReadonlySet<number>, devServerOrigin: string | null): void {
  ipcMain.handle(IPC.requestEnginePort, (event: IpcMainInvokeEvent) => {
    const frame = event.senderFrame;
    const trusted = isTrustedSender(
      { webContentsId: event.sender.id, frameUrl: frame?.url ?? null, isMainFrame: frame !== null && frame.parent === null },
      trustedIds,
      devServerOrigin,
    );
    if (!trusted) return { ok: false };
    for (const supervisor of supervisors) supervisor.connect(event.sender);
    return { ok: true };
  });
}
