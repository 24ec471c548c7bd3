// `npm run train`: what a person sees (backend, per-epoch figures, where the
// logs and the bundle went), Ctrl-C keeping the checkpoint for --resume, and
// one clear line with a non-zero exit for each bad input.
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { trainCommand, type TrainCommandIO, type TrainCommandOptions } from '../../../src-engine/cli/train-command.js';
import { parseTrainSource } from '../../../src-engine/cli/train-source.js';
import { defaultRecipePath } from '../../../src-engine/recipes/recipe-paths.js';
import { repoRoot } from '../../../src-engine/repo-root.js';
import type { LoadedTensorFlow } from '../../../src-engine/learn/tf/load-tensorflow.js';
import { useTempDirs } from '../../temp-dirs.js';
import { labelledHistory } from '../learn/dataset/labelled-history.js';
import { defaultRecipe, wasmTf } from '../learn/train/run-fixture.js';

let loaded: LoadedTensorFlow;
const tempDir = useTempDirs('train-cli');
beforeAll(async () => {
  loaded = await wasmTf();
});

function capture(): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const stream = { isTTY: false, write: (s: string) => ((text += s), true) } as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

async function train(o: Partial<TrainCommandOptions>, io: Partial<TrainCommandIO> = {}) {
  const out = capture();
  const err = capture();
  const code = await trainCommand(
    { logdir: join(tempDir(), 'runs'), recipeFile: defaultRecipePath(), ...o },
    { stdout: out.stream, stderr: err.stream, loadTf: async () => loaded, onInterrupt: () => () => {}, ...io },
  );
  return { code, stdout: out.text(), stderr: err.text() };
}

describe('parseTrainSource', () => {
  it('reads synthetic, synthetic:SEED and folder paths, and refuses a bad seed', () => {
    expect(parseTrainSource('synthetic')).toEqual({ ok: true, value: { kind: 'synthetic', seed: 7, frames: 80, defectRate: 0.35 } });
    expect(parseTrainSource('synthetic:42', { frames: 5 })).toEqual({ ok: true, value: { kind: 'synthetic', seed: 42, frames: 5, defectRate: 0.35 } });
    expect(parseTrainSource('synthetic:x')).toMatchObject({ ok: false, error: { message: expect.stringMatching(/seed must be a whole number/) } });
    expect(parseTrainSource('some/folder')).toMatchObject({ ok: true, value: { kind: 'folder', path: expect.stringMatching(/some\/folder$/) } });
  });

  it('reads history (the default data folder) and history:DATA_DIR, and refuses an empty folder after the colon', () => {
    expect(parseTrainSource('history')).toEqual({ ok: true, value: { kind: 'history', dataDir: resolve('./loupe-data') } });
    expect(parseTrainSource('history:/srv/line-3')).toEqual({ ok: true, value: { kind: 'history', dataDir: '/srv/line-3' } });
    expect(parseTrainSource('history:')).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringMatching(/give the data folder after "history:"/) } });
  });
});

describe('npm run train', () => {
  it('trains from the synthetic line: prints the backend, every epoch, the logs and the bundle', async () => {
    const root = tempDir();
    const r = await train({ data: 'synthetic:11', frames: 10, epochs: 2, model: 'cnn-tiny', logdir: join(root, 'runs'), models: join(root, 'models'), run: 'cli-1' });
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^loupe-train: backend wasm: WebAssembly/m);
    expect(r.stdout).toMatch(/synthetic line seed 11, 10 frames: \d+ samples \(train \d+, val \d+, test \d+\), classes ok, ng/);
    expect(r.stdout).toMatch(/^epoch 1\/2: loss [\d.]+, accuracy [\d.]+, meanCircularity [\d.]+.*\| val_loss [\d.]+, val_accuracy [\d.]+/m);
    expect(r.stdout).toMatch(/^epoch 2\/2: /m);
    expect(r.stdout).toContain(`logs in ${join(root, 'runs', 'cli-1')}`);
    expect(r.stdout).toContain(`bundle in ${join(root, 'models', 'cli-1')}`);
    expect(existsSync(join(root, 'models', 'cli-1', 'bundle.json'))).toBe(true);
  });

  it('trains from the labelled history of a data folder (history:DATA_DIR), naming the frame whose picture cannot be read', async () => {
    const root = tempDir();
    const dataDir = join(root, 'data');
    labelledHistory(root, dataDir, defaultRecipe(), 11); // a run needs 20 samples
    const [run] = readdirSync(join(dataDir, 'images'));
    const damaged = readdirSync(join(dataDir, 'images', run)).find((f) => !f.endsWith('.thumb.png'))!;
    writeFileSync(join(dataDir, 'images', run, damaged), 'not a png');
    const r = await train({ data: `history:${dataDir}`, epochs: 1, model: 'cnn-tiny', logdir: join(root, 'runs'), models: join(root, 'models'), run: 'cli-h' });
    expect(r.stderr).toMatch(/^loupe-train: skipped frame \d+: its picture [^ ]+\.png cannot be read .*; skipped$/m);
    expect(r.stderr.split('\n').filter((l) => l.includes('error:'))).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`labelled history in ${dataDir}: 21 samples`);
    expect(r.stdout).toMatch(/classes good, defect_x/); // two classes already are OK / NG
    expect(existsSync(join(root, 'models', 'cli-h', 'bundle.json'))).toBe(true);
  });

  it('Ctrl-C stops after the batch with exit 130 and the checkpoint kept; --resume finishes the run', async () => {
    const root = tempDir();
    const opts = { logdir: join(root, 'runs'), models: join(root, 'models') };
    let stop = () => {};
    let epochs = 0;
    const first = await train(
      { ...opts, data: 'synthetic:11', frames: 10, epochs: 3, model: 'cnn-tiny', run: 'cli-2' },
      {
        onInterrupt: (s) => ((stop = s), () => {}),
        stdout: { isTTY: false, write: (s: string) => (s.startsWith('epoch 1/') && (epochs++, stop()), true) } as unknown as NodeJS.WriteStream,
      },
    );
    expect(epochs).toBe(1);
    expect(first.code).toBe(130);
    expect(first.stderr).toMatch(/stopping after the current batch/);
    expect(existsSync(join(root, 'runs', 'cli-2', 'checkpoints', 'latest.json'))).toBe(true);

    const resumed = await train({ ...opts, resume: 'cli-2' });
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/^epoch 2\/3: /m);
    expect(resumed.stdout).toMatch(/^epoch 3\/3: /m);
    expect(resumed.stdout).not.toMatch(/^epoch 1\/3: /m);
  });

  it('bad inputs: one line on stderr, exit 1', async () => {
    const root = tempDir();
    const missing = await train({ data: join(root, 'nope'), logdir: join(root, 'runs') });
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringMatching(/^loupe-train: error: labelled folder .*nope does not exist\n$/) });

    const noData = await train({});
    expect(noData).toMatchObject({ code: 1, stderr: 'loupe-train: error: --data is required: synthetic, synthetic:SEED, history, history:DATA_DIR or a labelled folder (or --resume RUN)\n' });

    const noRun = await train({ resume: 'ghost', logdir: join(root, 'runs') });
    expect(noRun).toMatchObject({ code: 1, stderr: expect.stringMatching(/^loupe-train: error: cannot resume ghost: no checkpoint to resume from/) });

    const model = await train({ data: 'synthetic:1', frames: 2, model: 'resnet', logdir: join(root, 'runs') });
    expect(model).toMatchObject({ code: 1, stderr: 'loupe-train: error: unknown model "resnet"; known models: cnn-tiny, cnn-small, cnn-medium\n' });

    // A folder of one class: refused before training, with the reason.
    mkdirSync(join(root, 'one', 'good'), { recursive: true });
    for (const f of ['a', 'b']) writeFileSync(join(root, 'one', 'good', `${f}.txt`), 'not an image');
    const oneClass = await train({ data: join(root, 'one'), logdir: join(root, 'runs') });
    expect(oneClass.code).toBe(1);
    expect(oneClass.stderr).toMatch(/loupe-train: skipped good\/a\.txt/);
    expect(oneClass.stderr).toMatch(/loupe-train: error: .*(no samples at all|at least two classes)/);
  });

  it('as a real process: a bad option is refused by the parser with exit 1', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot(), 'src-engine', 'cli', 'train.ts'), '--data', 'synthetic', '--epochs', '0'], { encoding: 'utf8', cwd: repoRoot() });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/option '-e, --epochs <n>' argument '0' is invalid\. must be a whole number >= 1/);
  });
});
