// LOUPE_TF_BACKEND is read once per process, so each case runs in a child
// (the rules themselves are unit-tested on planBackends in load-tensorflow.test.ts).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

interface ChildReport {
  backend?: string;
  tfBackend?: string;
  tried?: unknown[];
  concurrentCallsShared?: boolean;
  error?: string;
}

function loadInChild(env: string | undefined, prefer: string): ChildReport {
  const childEnv = { ...process.env };
  if (env === undefined) delete childEnv.LOUPE_TF_BACKEND;
  else childEnv.LOUPE_TF_BACKEND = env;
  const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'print-loaded-backend.ts'), prefer], {
    encoding: 'utf8',
    env: childEnv,
  });
  expect(child.status, child.stderr).toBe(0);
  const lines = child.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

describe('LOUPE_TF_BACKEND', () => {
  it('forces its backend over the caller’s preference', () => {
    expect(loadInChild('cpu', 'wasm')).toMatchObject({ backend: 'cpu', tfBackend: 'cpu', tried: [], concurrentCallsShared: true });
  });

  it('set to auto leaves the choice to the caller', () => {
    expect(loadInChild('auto', 'cpu')).toMatchObject({ backend: 'cpu', concurrentCallsShared: true });
  });

  it('with an unknown value fails naming the value and the choices, instead of guessing', () => {
    const { error, backend } = loadInChild('gpu', 'auto');
    expect(backend).toBeUndefined();
    expect(error).toMatch(/LOUPE_TF_BACKEND="gpu" is not a TensorFlow.js backend; use one of auto, tensorflow-gpu, tensorflow, wasm, cpu/);
  });
});
