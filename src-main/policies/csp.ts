// Content Security Policy of the Electron window. The renderer is served from
// app://loupe; it needs its own scripts and styles, data:/blob: images (decoded
// previews) and no network at all: engine traffic runs over a MessagePort, which
// no CSP directive governs. Applied as a response header by the app:// handler.
export const APP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** The dev server (electron-vite dev) needs its HMR socket and inline style injection; never shipped. */
export function devCsp(devServerOrigin: string): string {
  const ws = devServerOrigin.replace(/^http/, 'ws');
  return [
    "default-src 'none'",
    `script-src 'self' ${devServerOrigin}`,
    `style-src 'self' 'unsafe-inline' ${devServerOrigin}`,
    "img-src 'self' data: blob:",
    `connect-src ${devServerOrigin} ${ws}`,
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}
