// tf is one engine per process, so the tests in this file run in order against
// one process's state: first what fails before anything loaded, then the load,
// then what later calls get.
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { TFJS_BACKEND_ID, TF_BACKEND_ENV, planBackends } from '../../../../src-engine/learn/tf/backend-choice.js';
import { NATIVE_PACKAGES } from '../../../../src-engine/learn/tf/native-backends.js';
import { TensorFlowUnavailableError, loadTensorFlow } from '../../../../src-engine/learn/tf/load-tensorflow.js';

const require = createRequire(import.meta.url);
const installed = (pkg: string) => {
  try {
    require.resolve(pkg);
    return true;
  } catch {
    return false;
  }
};
const nativeCpuInstalled = installed(NATIVE_PACKAGES.tensorflow);
const anyNativeInstalled = nativeCpuInstalled || installed(NATIVE_PACKAGES['tensorflow-gpu']);

delete process.env[TF_BACKEND_ENV];
afterEach(() => {
  delete process.env[TF_BACKEND_ENV];
});

describe('planBackends', () => {
  it('tries the native GPU, native CPU, wasm and pure-JS backends in that order for auto', () => {
    expect(planBackends(undefined, undefined)).toEqual({ ok: true, value: { order: ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'], forced: false, source: 'auto' } });
    expect(planBackends('auto', 'auto')).toMatchObject({ ok: true, value: { forced: false } });
  });

  it('lets LOUPE_TF_BACKEND override the caller, and an empty one count as unset', () => {
    expect(planBackends('wasm', 'cpu')).toEqual({ ok: true, value: { order: ['cpu'], forced: true, source: 'LOUPE_TF_BACKEND=cpu' } });
    expect(planBackends('wasm', ' ')).toEqual({ ok: true, value: { order: ['wasm'], forced: true, source: 'prefer=wasm' } });
  });

  it('names a bad value and where it came from', () => {
    expect(planBackends(undefined, 'webgl')).toEqual({
      ok: false,
      error: { code: 'bad-request', message: expect.stringMatching(/^LOUPE_TF_BACKEND="webgl" is not a TensorFlow.js backend; use one of auto, /), subject: 'LOUPE_TF_BACKEND' },
    });
    expect(planBackends('gpu' as never, undefined)).toMatchObject({ ok: false, error: { subject: 'prefer', message: expect.stringContaining('"gpu"') } });
  });
});

describe('loadTensorFlow', () => {
  it.skipIf(nativeCpuInstalled)('fails on a forced backend that cannot load, saying why, instead of falling back', async () => {
    const attempt = loadTensorFlow({ prefer: 'tensorflow' });
    await expect(attempt).rejects.toBeInstanceOf(TensorFlowUnavailableError);
    await expect(attempt).rejects.toThrow(/backend 'tensorflow' \(prefer=tensorflow\) cannot be used: tensorflow: @tensorflow\/tfjs-node is not installed/);
    await expect(attempt).rejects.toMatchObject({ tried: [{ backend: 'tensorflow', error: expect.stringContaining('not installed') }] });
  });

  it('fails on a bad LOUPE_TF_BACKEND without loading anything', async () => {
    process.env[TF_BACKEND_ENV] = 'webgpu';
    await expect(loadTensorFlow()).rejects.toThrow(/LOUPE_TF_BACKEND="webgpu" is not a TensorFlow.js backend/);
  });

  it.skipIf(anyNativeInstalled)('on auto, records why each native backend was skipped and runs on wasm', async () => {
    const lines: string[] = [];
    const loaded = await loadTensorFlow({ log: (line) => lines.push(line) });
    expect(loaded.backend).toBe('wasm');
    expect(loaded.tf.getBackend()).toBe('wasm');
    expect(loaded.detail).toMatch(/^WebAssembly \(XNNPACK/);
    expect(loaded.tried).toEqual([
      { backend: 'tensorflow-gpu', error: expect.stringMatching(/^@tensorflow\/tfjs-node-gpu is not installed/) },
      { backend: 'tensorflow', error: expect.stringMatching(/^@tensorflow\/tfjs-node is not installed/) },
    ]);
    expect(lines.at(-1)).toMatch(/^tensorflow: using wasm \(auto\)/);
    // The kernel wasm lacks for training is there from the start.
    expect(loaded.tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  });

  it('returns the same loaded TensorFlow to every later or concurrent call', async () => {
    const first = await loadTensorFlow();
    const [a, b] = await Promise.all([loadTensorFlow(), loadTensorFlow({ prefer: 'auto' })]);
    expect(a).toBe(first);
    expect(b).toBe(first);
    expect(await loadTensorFlow({ prefer: first.backend })).toBe(first);
  });

  it('refuses to switch a running process to another backend, and keeps serving the one it has', async () => {
    const first = await loadTensorFlow();
    const other = first.backend === 'cpu' ? 'wasm' : 'cpu';
    await expect(loadTensorFlow({ prefer: other })).rejects.toThrow(new RegExp(`already runs on '${first.backend}'.*asked for '${other}'`));
    expect(first.tf.getBackend()).not.toBe(other);
    expect(await loadTensorFlow()).toBe(first);
  });

  it('puts tf back on its backend when something switched it directly', async () => {
    const first = await loadTensorFlow();
    await first.tf.setBackend('cpu');
    await loadTensorFlow();
    expect(first.tf.getBackend()).toBe(TFJS_BACKEND_ID[first.backend]);
  });
});
