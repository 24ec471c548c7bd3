// Token check for the web host. A client proves it knows the token in one of
// three ways: `?token=` in the URL (the first page load; the host then sets a
// cookie and redirects to the same URL without it), the `loupe_token` cookie
// (every later asset and the WebSocket upgrade), or `Authorization: Bearer`
// (scripts). Comparison is constant-time over SHA-256 digests.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'loupe_token';
export const TOKEN_QUERY = 'token';
/** Shorter tokens are refused at start-up: a guessable token on a LAN address is no lock. */
export const MIN_TOKEN_LENGTH = 16;

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

export function tokensEqual(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

export function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

export interface TokenSources {
  query: string | null;
  cookie: string | null;
  bearer: string | null;
}

export function tokensOf(req: IncomingMessage, url: URL): TokenSources {
  const auth = req.headers.authorization;
  const bearer = auth && /^Bearer\s+/i.test(auth) ? auth.replace(/^Bearer\s+/i, '').trim() : null;
  return { query: url.searchParams.get(TOKEN_QUERY), cookie: cookieValue(req.headers.cookie, TOKEN_COOKIE), bearer };
}

export type AuthVerdict = 'open' | 'ok' | 'ok-via-query' | 'denied';

/** 'open' when the host has no token; 'ok-via-query' tells the caller to set the cookie and strip the token. */
export function authorize(sources: TokenSources, expected: string | null): AuthVerdict {
  if (expected === null) return 'open';
  if (sources.cookie !== null && tokensEqual(sources.cookie, expected)) return 'ok';
  if (sources.bearer !== null && tokensEqual(sources.bearer, expected)) return 'ok';
  if (sources.query !== null && tokensEqual(sources.query, expected)) return 'ok-via-query';
  return 'denied';
}

export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
}

/** The request URL without the token parameter, for the redirect after a query-token login. */
export function withoutToken(url: URL): string {
  const clean = new URL(url.href);
  clean.searchParams.delete(TOKEN_QUERY);
  return `${clean.pathname}${clean.search}`;
}
