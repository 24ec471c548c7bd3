import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { APP_CSP, devCsp } from '../../src-main/policies/csp.js';
import { isAllowedNavigation, isExternalLink } from '../../src-main/policies/navigation.js';
import { resolveAppUrl } from '../../src-main/policies/path-guard.js';
import { isTrustedSender } from '../../src-main/policies/sender-check.js';
import { secureWebPreferences } from '../../src-main/policies/window-prefs.js';
import { IPC } from '../../src-preload/ipc-channels.js';

const directives = (csp: string) => Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));

describe('app CSP', () => {
  const d = directives(APP_CSP);
  it('allows only our own scripts: no inline, no eval', () => {
    expect(d['script-src']).toEqual(["'self'"]);
    expect(APP_CSP).not.toMatch(/unsafe-inline|unsafe-eval/);
  });
  it('denies by default, and any network (engine traffic uses a MessagePort)', () => {
    expect(d['default-src']).toEqual(["'none'"]);
    expect(d['connect-src']).toEqual(["'none'"]);
    expect(d['object-src']).toEqual(["'none'"]);
    expect(d['frame-ancestors']).toEqual(["'none'"]);
  });
  it('lets previews be shown from data:/blob: URLs', () => {
    expect(d['img-src']).toEqual(["'self'", 'data:', 'blob:']);
  });
  it('opens the dev server (only) in development', () => {
    expect(directives(devCsp('http://localhost:5173'))['connect-src']).toEqual(['http://localhost:5173', 'ws://localhost:5173']);
  });
});

describe('navigation policy', () => {
  it('allows our app:// origin only', () => {
    expect(isAllowedNavigation('app://loupe/index.html')).toBe(true);
    expect(isAllowedNavigation('app://loupe/assets/x.js#y')).toBe(true);
    for (const url of ['https://example.com/', 'app://evil/index.html', 'file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,hi', 'not a url']) {
      expect(isAllowedNavigation(url)).toBe(false);
    }
  });
  it('allows the dev server only when one is configured', () => {
    expect(isAllowedNavigation('http://localhost:5173/', null)).toBe(false);
    expect(isAllowedNavigation('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isAllowedNavigation('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
  });
  it('sends only plain http(s) links to the system browser', () => {
    expect(isExternalLink('https://docs.example.com/')).toBe(true);
    expect(isExternalLink('file:///etc/passwd')).toBe(false);
    expect(isExternalLink('https://user:pw@example.com/')).toBe(false);
    expect(isExternalLink('smb://share/x')).toBe(false);
  });
});

describe('app:// path guard', () => {
  const root = path.resolve('/opt/loupe/out/renderer');
  it('maps app://loupe URLs into the renderer directory', () => {
    expect(resolveAppUrl(root, 'app://loupe/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppUrl(root, 'app://loupe/assets/index-1.js?v=2')).toBe(path.join(root, 'assets/index-1.js'));
  });
  it('lets the URL parser clamp dot segments at the root (still inside it)', () => {
    expect(resolveAppUrl(root, 'app://loupe/%2e%2e/%2e%2e/main/index.js')).toBe(path.join(root, 'main/index.js'));
  });
  it.each(['app://loupe/..%2f..%2fpreload%2findex.cjs', 'app://loupe/..%5c..%5cx', 'app://loupe/a%00.js', 'app://other/index.html', 'app://loupe/%E0%A4%A'])(
    'refuses %s',
    (url) => {
      expect(resolveAppUrl(root, url)).toBeNull();
    },
  );
});

describe('IPC sender check', () => {
  const ours = new Set([7]);
  it('trusts the top frame of our window on our origin', () => {
    expect(isTrustedSender({ webContentsId: 7, frameUrl: 'app://loupe/index.html', isMainFrame: true }, ours)).toBe(true);
  });
  it('refuses other webContents, subframes, and pages navigated elsewhere', () => {
    expect(isTrustedSender({ webContentsId: 8, frameUrl: 'app://loupe/index.html', isMainFrame: true }, ours)).toBe(false);
    expect(isTrustedSender({ webContentsId: 7, frameUrl: 'app://loupe/index.html', isMainFrame: false }, ours)).toBe(false);
    expect(isTrustedSender({ webContentsId: 7, frameUrl: 'https://evil.example/', isMainFrame: true }, ours)).toBe(false);
    expect(isTrustedSender({ webContentsId: 7, frameUrl: null, isMainFrame: true }, ours)).toBe(false);
  });
});

describe('window preferences', () => {
  it('pins the security flags', () => {
    expect(secureWebPreferences('/p.cjs')).toMatchObject({
      preload: '/p.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});

describe('IPC surface', () => {
  // Every channel shows up in review: adding one changes this snapshot.
  it('is exactly these channels', () => {
    expect(IPC).toMatchInlineSnapshot(`
      {
        "enginePort": "loupe:engine-port",
        "engineState": "loupe:engine-state",
        "requestEnginePort": "loupe:request-engine-port",
      }
    `);
  });
});
