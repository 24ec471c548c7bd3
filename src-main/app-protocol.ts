// Serves the built renderer on app://loupe with the app CSP. A privileged
// custom scheme (instead of file://) gives the page a real origin to check in
// navigation and IPC policies, and the path guard keeps it inside out/renderer.
import { net, protocol, type Session } from 'electron';
import { pathToFileURL } from 'node:url';
import { APP_SCHEME } from './policies/app-origin.js';
import { APP_CSP, devCsp } from './policies/csp.js';
import { resolveAppUrl } from './policies/path-guard.js';

/** Must run before app 'ready'. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false, stream: false } },
  ]);
}

export function serveAppProtocol(session: Session, rendererRoot: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppUrl(rendererRoot, request.url);
    if (!file || request.method !== 'GET') return new Response(null, { status: 404 });
    const upstream = await net.fetch(pathToFileURL(file).toString());
    if (!upstream.ok) return new Response(null, { status: 404 });
    const headers = new Headers(upstream.headers);
    headers.set('Content-Security-Policy', APP_CSP);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(upstream.body, { status: 200, headers });
  });
}

/** electron-vite dev serves the renderer over http: give those responses the (looser) dev CSP. */
export function applyDevCsp(session: Session, devServerOrigin: string): void {
  session.webRequest.onHeadersReceived({ urls: [`${devServerOrigin}/*`] }, (details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [devCsp(devServerOrigin)] } });
  });
}
