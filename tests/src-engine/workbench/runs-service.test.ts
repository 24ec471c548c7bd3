import { describe, expect, it } from 'vitest';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunsService, csvFileName } from '../../../src-engine/workbench/runs-service.js';
import type { RunsUpdate } from '../../../src-shared/runs-contract.js';
import { useTempDirs } from '../../temp-dirs.js';
import { epochFixture, writeEpochFile, writeLoupeRunFile, writeScalars } from './run-fixtures.js';

const tempDir = useTempDirs('workbench');

function service(defaultLogdir: string | null = null) {
  const updates: RunsUpdate[] = [];
  const svc = new RunsService((u) => updates.push(structuredClone(u)), { defaultLogdir, pollMs: 60_000 });
  return { svc, updates };
}

const unwrap = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('RunsService', () => {
  it('lists the runs of a folder by their folder, with tags, point counts and last values', () => {
    const logdir = tempDir();
    writeScalars(logdir, 'loss', [0, 1, 2], (s) => 1 / (s + 1)).close();
    writeScalars(join(logdir, 'exp', 'train'), 'epoch_loss', [1, 2], (s) => 0.5 / s).close();
    const { svc } = service();
    const snapshot = unwrap(svc.open(logdir));
    expect(snapshot.logdirs).toEqual([logdir]);
    const byRun = Object.fromEntries(snapshot.runs.map((r) => [r.run, r]));
    expect(Object.keys(byRun).sort()).toEqual(['.', 'exp/train']);
    expect(byRun['.']).toMatchObject({ tags: ['loss'], points: 3, lastStep: 2, final: { loss: Math.fround(1 / 3) }, loupe: false, logdir });
    expect(byRun['exp/train']).toMatchObject({ tags: ['epoch_loss'], points: 2, lastStep: 2, final: { epoch_loss: 0.25 } });
    expect(byRun['exp/train'].lastWallTime).toBe(1_700_000_002);
    svc.dispose();
  });

  it('sends only the points appended since the last poll, and nothing when nothing changed', () => {
    const logdir = tempDir();
    const writer = writeScalars(logdir, 'loss', [0, 1], (s) => s);
    const { svc, updates } = service();
    const runId = unwrap(svc.open(logdir)).runs[0].id;
    updates.length = 0;
    expect(svc.pollAndEmit()).toBeNull();
    writer.addScalar('loss', 7, 2, 1_700_000_002);
    writer.addScalar('acc', 0.5, 2, 1_700_000_002);
    writer.flush();
    svc.pollAndEmit();
    expect(updates).toHaveLength(1);
    const appended = Object.fromEntries(updates[0].appended.map((s) => [s.tag, s]));
    expect(appended.loss).toEqual({ runId, tag: 'loss', steps: [2], values: [7], wallTimes: [1_700_000_002] });
    expect(appended.acc.values).toEqual([0.5]);
    expect(updates[0].runs[0]).toMatchObject({ id: runId, points: 4, tags: ['acc', 'loss'], final: { loss: 7, acc: 0.5 } });
    expect(svc.pollAndEmit()).toBeNull();
    expect(updates).toHaveLength(1);
    writer.close();
    svc.dispose();
  });

  it('answers every point of a run, or of the tags asked for', () => {
    const logdir = tempDir();
    const w = writeScalars(logdir, 'loss', [0, 1, 2], (s) => 10 - s);
    w.addScalar('acc', 0.9, 2, 5);
    w.close();
    const { svc } = service();
    const runId = unwrap(svc.open(logdir)).runs[0].id;
    const all = unwrap(svc.scalars(runId));
    expect(all.series.map((s) => s.tag).sort()).toEqual(['acc', 'loss']);
    const loss = unwrap(svc.scalars(runId, ['loss']));
    expect(loss.series).toEqual([{ runId, tag: 'loss', steps: [0, 1, 2], values: [10, 9, 8], wallTimes: [1_700_000_000, 1_700_000_001, 1_700_000_002] }]);
    const unknown = svc.scalars('nope');
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.error).toMatchObject({ code: 'not-found', subject: 'nope' });
    svc.dispose();
  });

  it('refuses a relative path, a missing folder and a file by name, and the open folders keep serving', () => {
    const logdir = tempDir();
    writeScalars(logdir, 'loss', [0], () => 1).close();
    const file = join(logdir, 'notes.txt');
    writeFileSync(file, 'x');
    const { svc } = service();
    unwrap(svc.open(logdir));
    const relative = svc.open('runs/today');
    const missing = svc.open(join(logdir, 'nothing-here'));
    const notFolder = svc.open(file);
    expect(relative.ok || relative.error).toMatchObject({ code: 'bad-request', message: expect.stringContaining('full path') });
    expect(missing.ok || missing.error).toMatchObject({ code: 'not-found', message: `no folder at ${join(logdir, 'nothing-here')}` });
    expect(notFolder.ok || notFolder.error).toMatchObject({ code: 'bad-request', message: expect.stringContaining('is a file, not a folder') });
    expect(svc.list().logdirs).toEqual([logdir]);
    expect(svc.list().runs).toHaveLength(1);
    svc.dispose();
  });

  it('opening a folder twice (with a trailing slash) watches it once; closing it removes its runs', () => {
    const logdir = tempDir();
    writeScalars(logdir, 'loss', [0], () => 1).close();
    const { svc, updates } = service();
    unwrap(svc.open(logdir));
    expect(unwrap(svc.open(`${logdir}/`)).logdirs).toEqual([logdir]);
    const runId = svc.list().runs[0].id;
    expect(unwrap(svc.close(logdir))).toEqual({ logdirs: [], runs: [], problems: [] });
    expect(updates.at(-1)).toMatchObject({ removed: [runId] });
    expect(svc.close(logdir).ok).toBe(false);
    svc.dispose();
  });

  it('reports a run whose folder was deleted as removed, and keeps the other runs', () => {
    const logdir = tempDir();
    writeScalars(join(logdir, 'a'), 'loss', [0], () => 1).close();
    writeScalars(join(logdir, 'b'), 'loss', [0], () => 2).close();
    const { svc } = service();
    const runs = unwrap(svc.open(logdir)).runs;
    rmSync(join(logdir, 'a'), { recursive: true });
    const update = svc.pollAndEmit();
    expect(update?.removed).toEqual([runs.find((r) => r.run === 'a')!.id]);
    expect(update?.problems[0].message).toContain('disappeared');
    expect(svc.list().runs.map((r) => r.run)).toEqual(['b']);
    svc.dispose();
  });

  it('counts unreadable records and a record still being written against their own run only', () => {
    const logdir = tempDir();
    const bad = writeScalars(join(logdir, 'bad'), 'loss', [0, 1], (s) => s);
    const cut = writeScalars(join(logdir, 'cut'), 'loss', [0], (s) => s);
    writeScalars(join(logdir, 'fine'), 'loss', [0], (s) => s).close();
    const { svc } = service();
    unwrap(svc.open(logdir));
    bad.close();
    appendFileSync(bad.path, Buffer.alloc(40, 0x5a)); // garbage where the next record should start
    const whole = readFileSync(cut.path);
    cut.addScalar('loss', 9, 1, 1_700_000_001);
    cut.flush();
    // Cut the new record short, as a writer killed mid-write leaves it.
    const withRecord = readFileSync(cut.path);
    writeFileSync(cut.path, withRecord.subarray(0, whole.length + 10));
    const update = svc.pollAndEmit()!;
    const byRun = Object.fromEntries(svc.list().runs.map((r) => [r.run, r]));
    expect([byRun.bad.badRecords, byRun.cut.badRecords, byRun.fine.badRecords]).toEqual([1, 0, 0]);
    expect([byRun.bad.truncatedTails, byRun.cut.truncatedTails, byRun.fine.truncatedTails]).toEqual([0, 1, 0]);
    expect(byRun.bad.final).toEqual({ loss: 1 }); // what was read before the garbage stays
    expect(update.problems.map((p) => p.message)).toEqual([expect.stringContaining(bad.path)]);
    cut.close();
    svc.dispose();
  });

  it('creates and opens the default log folder at start', () => {
    const data = tempDir();
    const { svc } = service(join(data, 'runs'));
    svc.start();
    expect(existsSync(join(data, 'runs'))).toBe(true);
    expect(svc.list().logdirs).toEqual([join(data, 'runs')]);
    svc.dispose();
  });

  it('exports a run as CSV named after its folder', () => {
    const logdir = tempDir();
    writeScalars(join(logdir, 'exp', 'train'), 'loss', [0, 1], (s) => s + 0.5).close();
    const { svc } = service();
    const runId = unwrap(svc.open(logdir)).runs[0].id;
    const csv = unwrap(svc.exportCsv(runId));
    expect(csv.fileName).toBe('exp_train.csv');
    expect(csv.csv).toBe('run,tag,step,wall_time,value\nexp/train,loss,0,1700000000,0.5\nexp/train,loss,1,1700000001,1.5\n');
    expect(csvFileName('.')).toBe('run.csv');
    svc.dispose();
  });
});

describe('RunsService with Loupe runs', () => {
  function loupeRun() {
    const logdir = tempDir();
    const runDir = join(logdir, 'cnn-a');
    writeScalars(join(runDir, 'train'), 'epoch_loss', [1, 2], (s) => 1 / s).close();
    writeScalars(join(runDir, 'validation'), 'epoch_loss', [1, 2], (s) => 1.2 / s).close();
    writeLoupeRunFile(runDir, { learningRate: 0.001, batchSize: 32, augment: true });
    return { logdir, runDir };
  }

  it('reads the hyper-parameters of both the train and the validation folder from loupe/run.json', () => {
    const { logdir } = loupeRun();
    const { svc } = service();
    const runs = unwrap(svc.open(logdir)).runs;
    expect(runs.map((r) => [r.run, r.loupe, r.hparams])).toEqual([
      ['cnn-a/train', true, { learningRate: 0.001, batchSize: 32, augment: true }],
      ['cnn-a/validation', true, { learningRate: 0.001, batchSize: 32, augment: true }],
    ]);
    svc.dispose();
  });

  it('answers an epoch with its confusion matrix and misclassified samples', () => {
    const { logdir, runDir } = loupeRun();
    writeEpochFile(runDir, epochFixture(2), 2);
    const { svc } = service();
    const runId = unwrap(svc.open(logdir)).runs[1].id;
    expect(unwrap(svc.epoch(runId, 2))).toEqual({ runId, ...epochFixture(2) });
    svc.dispose();
  });

  it('says which epoch file is missing or wrong, and keeps answering the good ones', () => {
    const { logdir, runDir } = loupeRun();
    writeEpochFile(runDir, epochFixture(1), 1);
    writeEpochFile(runDir, { ...epochFixture(2), confusion: 'none' }, 2);
    writeEpochFile(runDir, epochFixture(1), 3);
    writeEpochFile(runDir, { ...epochFixture(4), confusion: [[1, 2]] }, 4);
    const { svc } = service();
    const runId = unwrap(svc.open(logdir)).runs[0].id;
    const missing = svc.epoch(runId, 9);
    expect(missing.ok || missing.error).toMatchObject({ code: 'not-found', message: expect.stringContaining('epoch-9.json') });
    const bad = svc.epoch(runId, 2);
    expect(bad.ok || bad.error).toMatchObject({ code: 'bad-source', message: expect.stringContaining('confusion') });
    const wrongEpoch = svc.epoch(runId, 3);
    expect(wrongEpoch.ok || wrongEpoch.error).toMatchObject({ message: 'epoch-3.json holds epoch 1, not 3' });
    const notSquare = svc.epoch(runId, 4);
    expect(notSquare.ok || notSquare.error).toMatchObject({ message: expect.stringContaining('not 2×2') });
    expect(unwrap(svc.epoch(runId, 1)).epoch).toBe(1);
    svc.dispose();
  });

  it('sees a run.json written after the run\'s last points: in the next few polls, and at once when asked for an epoch', () => {
    const logdir = tempDir();
    const runDir = join(logdir, 'late');
    writeScalars(join(runDir, 'train'), 'epoch_loss', [0], () => 1).close();
    writeScalars(join(runDir, 'validation'), 'epoch_loss', [0], () => 1).close();
    const { svc } = service();
    const [train, val] = unwrap(svc.open(logdir)).runs;
    expect(train.loupe).toBe(false);
    writeLoupeRunFile(runDir, { epochs: 1 });
    writeEpochFile(runDir, epochFixture(0), 0);
    expect(unwrap(svc.epoch(train.id, 0)).epoch).toBe(0);
    const seen = Array.from({ length: 8 }, () => svc.pollAndEmit()).flatMap((u) => u?.runs ?? []);
    expect(seen.map((r) => [r.run, r.loupe, r.hparams])).toEqual([['late/validation', true, { epochs: 1 }]]);
    expect(svc.list().runs.find((r) => r.id === val.id)?.loupe).toBe(true);
    svc.dispose();
  });

  it('has no epoch details for a run Loupe did not write', () => {
    const logdir = tempDir();
    writeScalars(logdir, 'loss', [0], () => 1).close();
    const { svc } = service();
    const runId = unwrap(svc.open(logdir)).runs[0].id;
    const r = svc.epoch(runId, 1);
    expect(r.ok || r.error).toMatchObject({ code: 'not-found', message: expect.stringContaining('not written by Loupe') });
    svc.dispose();
  });

  it('reports a broken run.json once as a problem, and lists the run without hyper-parameters', () => {
    const logdir = tempDir();
    const runDir = join(logdir, 'cnn-b');
    const w = writeScalars(join(runDir, 'train'), 'epoch_loss', [1], () => 1);
    mkdirSync(join(runDir, 'loupe'));
    writeFileSync(join(runDir, 'loupe', 'run.json'), '{"schema": "loupe.run/1"');
    const { svc, updates } = service();
    const snapshot = unwrap(svc.open(logdir));
    expect(snapshot.runs[0]).toMatchObject({ run: 'cnn-b/train', loupe: false, hparams: {} });
    expect(updates[0].problems.map((p) => p.message)).toEqual([expect.stringContaining('is not valid JSON')]);
    w.addScalar('epoch_loss', 0.5, 2, 9);
    w.flush();
    expect(svc.pollAndEmit()?.problems).toEqual([]);
    w.close();
    svc.dispose();
  });
});
