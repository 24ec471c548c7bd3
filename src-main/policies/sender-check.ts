// Which IPC senders main listens to: only the top frame of our own window,
// showing our own origin. A stray webContents, an iframe or a page that was
// navigated elsewhere gets nothing, not even the engine port.
import { isAllowedNavigation } from './navigation.js';

export interface SenderInfo {
  /** webContents.id of the sender. */
  webContentsId: number;
  /** URL of the frame that sent the message (event.senderFrame.url). */
  frameUrl: string | null;
  /** True when the sending frame is the top frame (senderFrame.parent === null). */
  isMainFrame: boolean;
}

export function isTrustedSender(sender: SenderInfo, trustedWebContentsIds: ReadonlySet<number>, devServerOrigin: string | null = null): boolean {
  if (!trustedWebContentsIds.has(sender.webContentsId)) return false;
  if (!sender.isMainFrame || sender.frameUrl === null) return false;
  return isAllowedNavigation(sender.frameUrl, devServerOrigin);
}
