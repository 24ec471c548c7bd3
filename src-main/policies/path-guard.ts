// Maps an app:// URL to a file of the built renderer and refuses anything that
// would leave its directory: encoded "..", absolute paths, backslashes, NUL.
// The same resolve + prefix rule as the web host's static server.
import path from 'node:path';
import { APP_HOST } from './app-origin.js';

export function resolveAppUrl(rendererRoot: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.host !== APP_HOST) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const root = path.resolve(rendererRoot);
  const relative = decoded.replace(/\\/g, '/').replace(/^\/+/, '');
  const target = path.resolve(root, relative === '' ? 'index.html' : relative);
  if (target === root) return path.join(root, 'index.html');
  return target.startsWith(root + path.sep) ? target : null;
}
