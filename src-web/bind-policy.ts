// Where the web host may listen. Loopback needs no token; any other address
// exposes the engine (and the files it can open) to the network, so the host
// refuses to start there without a token.
import { MIN_TOKEN_LENGTH } from './auth.js';

export function isLoopback(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}

/** Null when the combination is acceptable, else the reason the host must not start. */
export function bindProblem(host: string, token: string | null): string | null {
  if (token !== null && token.length < MIN_TOKEN_LENGTH) return `the token must be at least ${MIN_TOKEN_LENGTH} characters long`;
  if (!isLoopback(host) && token === null) {
    return `refusing to listen on ${host} without a token: anyone on the network could drive the engine. Pass --token (at least ${MIN_TOKEN_LENGTH} characters) or bind 127.0.0.1`;
  }
  return null;
}
