// `npm start`: runs the workstation on its embedded default — the synthetic line
// and a local data folder (./loupe-data). In Electron where its binary is
// installed; otherwise (build machines, where it cannot be downloaded) through
// the web host on 127.0.0.1, saying which and where.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = process.env.LOUPE_DATA_DIR ?? path.join(root, 'loupe-data');
mkdirSync(dataDir, { recursive: true });

const electronDir = path.join(root, 'node_modules', 'electron');

/** The Electron executable, read from the package's own path file, without `require('electron')` (which would try to download it). */
function installedElectron(): string | null {
  const pathFile = path.join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const bin = path.join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}

/**
 * The Electron binary, fetched on first run where the machine can (a user's
 * PC); where it cannot (build machines), one line says so instead of the
 * downloader's stack trace.
 */
function electronBinary(): string | null {
  const found = installedElectron();
  if (found || !existsSync(path.join(electronDir, 'install.js'))) return found;
  console.log('[loupe] fetching the Electron binary (first run)…');
  const fetched = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { cwd: electronDir, stdio: 'pipe', timeout: 300_000 });
  if (fetched.status !== 0) {
    const why = `${fetched.stderr ?? ''}`.split('\n').find((l) => /error|failed/i.test(l))?.trim() ?? 'the download failed';
    console.log(`[loupe] the Electron binary could not be fetched here (${why.slice(0, 120)}).`);
    return null;
  }
  return installedElectron();
}

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

console.log('[loupe] building the app (electron-vite build)…');
run('npx', ['electron-vite', 'build']);

const electron = electronBinary();
// The synthetic line runs from the first second: a newcomer sees parts judged without finding Open and Start.
const env = { ...process.env, LOUPE_DATA_DIR: dataDir, LOUPE_ENGINE_OPTIONS: process.env.LOUPE_ENGINE_OPTIONS ?? JSON.stringify({ autoRun: true }) };
if (electron) {
  console.log(`[loupe] starting the desktop app (Electron: ${electron}); data folder ${dataDir}`);
  const child = spawn(electron, ['.'], { cwd: root, stdio: 'inherit', env });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const port = process.env.LOUPE_PORT ?? '5173';
  console.log(`[loupe] no Electron binary here: starting the web host instead; open http://127.0.0.1:${port}/ in a browser.`);
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'src-web', 'server-main.ts'), '--host', '127.0.0.1', '--port', port, '--data', dataDir],
    { cwd: root, stdio: 'inherit', env },
  );
  child.on('exit', (code) => process.exit(code ?? 0));
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
}
