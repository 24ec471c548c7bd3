// Electron main: deliberately thin. It registers the app:// protocol, applies
// the security policies (plain modules in ./policies, tested without Electron),
// starts the engine utility process and brokers ports to the window. All
// product logic lives in the engine and the renderer.
import { app, dialog, session, BrowserWindow } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import engineEntry from '../src-engine/host/utility-entry.ts?modulePath';
import { applyDevCsp, registerAppScheme, serveAppProtocol } from './app-protocol.js';
import { applyHardening } from './hardening.js';
import { createMainWindow } from './main-window.js';
import { EngineSupervisor } from './engine-supervisor.js';
import { registerIpc } from './ipc.js';
import { ENGINE_MALLOC_ENV } from '../src-engine/host/engine-process-env.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererRoot = path.join(here, '../renderer');
const preloadPath = path.join(here, '../preload/index.cjs');
// electron-vite dev serves the renderer over http; a packaged app never does.
const devServerUrl = !app.isPackaged && process.env.ELECTRON_RENDERER_URL ? process.env.ELECTRON_RENDERER_URL : null;
const devServerOrigin = devServerUrl ? new URL(devServerUrl).origin : null;

if (!app.requestSingleInstanceLock()) app.quit();
registerAppScheme();

const trustedIds = new Set<number>();
const supervisor = new EngineSupervisor(
  engineEntry,
  // The data folder `npm start` names, else the per-user one; glibc tuning keeps frame buffers reused (engine-process-env.ts).
  { ...ENGINE_MALLOC_ENV, LOUPE_DATA_DIR: process.env.LOUPE_DATA_DIR ?? path.join(app.getPath('userData'), 'data') },
  {
    onGiveUp: (message) =>
      void dialog.showMessageBox({ type: 'error', title: 'Loupe engine stopped', message: 'The inspection engine keeps crashing', detail: message }),
  },
);

function openWindow(): void {
  const win = createMainWindow(preloadPath, devServerUrl);
  const id = win.webContents.id;
  trustedIds.add(id);
  win.on('closed', () => trustedIds.delete(id));
}

app.on('second-instance', () => {
  const [win] = BrowserWindow.getAllWindows();
  if (win) {
    if (win.isMinimized()) win.restore();
    win.focus();
  }
});

void app.whenReady().then(() => {
  applyHardening(devServerOrigin);
  serveAppProtocol(session.defaultSession, rendererRoot);
  if (devServerOrigin) applyDevCsp(session.defaultSession, devServerOrigin);
  registerIpc(supervisor, trustedIds, devServerOrigin);
  supervisor.start();
  openWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

let quitting = false;
app.on('before-quit', (event) => {
  if (quitting) return;
  quitting = true;
  event.preventDefault();
  void supervisor.stop().finally(() => app.quit());
});
