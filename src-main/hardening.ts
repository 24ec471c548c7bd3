// App-wide guards applied to every webContents Electron creates: no navigation
// away from our origin, no new windows (http links go to the system browser),
// no <webview>, and no permission (camera, notifications, …) granted to pages;
// the engine, not the page, opens cameras.
import { app, session, shell } from 'electron';
import { isAllowedNavigation, isExternalLink } from './policies/navigation.js';

export function applyHardening(devServerOrigin: string | null): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAllowedNavigation(url, devServerOrigin)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAllowedNavigation(url, devServerOrigin)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isExternalLink(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}
