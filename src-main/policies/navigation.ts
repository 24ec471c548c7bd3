// Where the window may go: only our own app:// origin (and the dev server while
// developing). Everything else, including new windows, is refused; http(s)
// links are handed to the system browser instead of opening inside the app.
import { APP_ORIGIN } from './app-origin.js';

function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    // app:// is not a "special" scheme, so URL reports origin "null"; rebuild it from its parts.
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : `${u.protocol}//${u.host}`;
  } catch {
    return null;
  }
}

export function isAllowedNavigation(url: string, devServerOrigin: string | null = null): boolean {
  const origin = originOf(url);
  if (origin === null) return false;
  return origin === APP_ORIGIN || (devServerOrigin !== null && origin === devServerOrigin);
}

/** A link the user may open in their default browser: http(s) to somewhere that is not us. */
export function isExternalLink(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}
