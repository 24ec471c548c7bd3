// Electron main: deliberately thin. It registers the app:// protocol, applies
// the security policies (plain modules in ./policies, tested without Electron),
// starts the engine utility process and brokers ports to the window. All
// product logic lives in the engine and the renderer.
import { app, dialog, session, BrowserWindow } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import engineEntry from '../src-engine/host/utility-entry.ts?modulePath';
import trainerEntry from '../src-engine/learn/host/trainer-utility-entry.ts?modulePath';
import workbenchEntry from '../src-engine/workbench/workbench-utility-entry.ts?modulePath';
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
// The data folder `npm start` names, else the per-user one.
const dataDir = process.env.LOUPE_DATA_DIR ?? path.join(app.getPath('userData'), 'data');
const giveUp = (title: string) => ({
  onGiveUp: (message: string) => void dialog.showMessageBox({ type: 'error', title, message: `${title}: it keeps crashing`, detail: message }),
});
// One utility process per service, so training or a log-folder scan can never slow the live line.
const supervisors = [
  // glibc tuning keeps the engine's frame buffers reused (engine-process-env.ts).
  // The line runs from the first second unless the launcher asked otherwise.
  new EngineSupervisor(
    'engine',
    engineEntry,
    { ...ENGINE_MALLOC_ENV, LOUPE_DATA_DIR: dataDir, LOUPE_ENGINE_OPTIONS: process.env.LOUPE_ENGINE_OPTIONS ?? JSON.stringify({ autoRun: true }) },
    giveUp('Loupe engine stopped'),
  ),
  new EngineSupervisor('trainer', trainerEntry, { LOUPE_DATA_DIR: dataDir }, giveUp('Loupe trainer stopped')),
  new EngineSupervisor('workbench', workbenchEntry, { LOUPE_DATA_DIR: dataDir }, giveUp('Loupe workbench stopped')),
];

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
  registerIpc(supervisors, trustedIds, devServerOrigin);
  for (const supervisor of supervisors) supervisor.start();
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
  void Promise.all(supervisors.map((s) => s.stop())).finally(() => app.quit());
});
