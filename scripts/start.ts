// `npm start`: runs the workstation on its embedded default — the synthetic line
// and a local data folder (./loupe-data). In Electron where its binary is
// installed; otherwise (build machines, where it cannot be downloaded) through
// the web host on 127.0.0.1, saying which and where.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = process.env.LOUPE_DATA_DIR ?? path.join(root, 'loupe-data');
mkdirSync(dataDir, { recursive: true });

function electronBinary(): string | null {
  try {
    const bin = createRequire(import.meta.url)('electron') as unknown;
    return typeof bin === 'string' && existsSync(bin) ? bin : null;
  } catch {
    // The electron package throws when its binary was never downloaded.
    return null;
  }
}

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

console.log('[loupe] building the app (electron-vite build)…');
run('npx', ['electron-vite', 'build']);

const electron = electronBinary();
const env = { ...process.env, LOUPE_DATA_DIR: dataDir };
if (electron) {
  console.log(`[loupe] starting the desktop app (Electron: ${electron}); data folder ${dataDir}`);
  const child = spawn(electron, ['.'], { cwd: root, stdio: 'inherit', env });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const port = process.env.LOUPE_PORT ?? '5173';
  console.log('[loupe] the Electron binary is not installed here; starting the web host instead.');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'src-web', 'server-main.ts'), '--host', '127.0.0.1', '--port', port, '--data', dataDir],
    { cwd: root, stdio: 'inherit', env },
  );
  child.on('exit', (code) => process.exit(code ?? 0));
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
}
