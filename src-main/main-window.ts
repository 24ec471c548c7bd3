// The operator window: sandboxed, context-isolated, no Node in the page.
import { BrowserWindow } from 'electron';
import { APP_ENTRY_URL } from './policies/app-origin.js';
import { secureWebPreferences } from './policies/window-prefs.js';

export function createMainWindow(preloadPath: string, devServerUrl: string | null): BrowserWindow {
  const win = new BrowserWindow({
    width: 1600,
    height: 1000,
    minWidth: 1100,
    minHeight: 700,
    backgroundColor: '#0b0e13',
    title: 'Loupe',
    show: false,
    webPreferences: secureWebPreferences(preloadPath),
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(devServerUrl ?? APP_ENTRY_URL);
  return win;
}
