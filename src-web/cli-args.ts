// Command line of the web host: --host, --port, --token, --data, --renderer.
// The token may also come from LOUPE_WEB_TOKEN so it need not appear in `ps`.
import { parseArgs } from 'node:util';
import path from 'node:path';
import { bindProblem } from './bind-policy.js';

export interface WebHostArgs {
  host: string;
  port: number;
  token: string | null;
  /** Engine data directory (store, recipes); passed to the engine as LOUPE_DATA_DIR. */
  dataDir: string;
  /** Built renderer (electron-vite build output). */
  rendererDir: string;
}

export const USAGE = `usage: npm run web -- [--host 127.0.0.1] [--port 5173] [--token T] [--data DIR] [--renderer out/renderer]
  --host      address to bind (default 127.0.0.1; any other address requires --token)
  --port      TCP port (default 5173; 0 picks a free one)
  --token     access token (or env LOUPE_WEB_TOKEN); open http://HOST:PORT/?token=T once
  --data      engine data directory (default .loupe-data)
  --renderer  built renderer directory (default out/renderer)`;

export type ParsedArgs = { ok: true; args: WebHostArgs } | { ok: false; message: string };

export function parseWebHostArgs(argv: string[], env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): ParsedArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '5173' },
        token: { type: 'string' },
        data: { type: 'string', default: '.loupe-data' },
        renderer: { type: 'string', default: 'out/renderer' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return { ok: false, message: `--port must be an integer 0..65535, got ${values.port}` };
  const token = values.token ?? env.LOUPE_WEB_TOKEN ?? null;
  const host = values.host!;
  const problem = bindProblem(host, token === '' ? null : token);
  if (problem) return { ok: false, message: problem };
  return {
    ok: true,
    args: { host, port, token: token === '' ? null : token, dataDir: path.resolve(cwd, values.data!), rendererDir: path.resolve(cwd, values.renderer!) },
  };
}
