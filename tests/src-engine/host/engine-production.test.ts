// The engine's production side end to end through the contract: lots and
// shift counters that survive a restart, an NG event (with its thumbnail) for
// every NG frame, alarms raised, acknowledged with a name and recorded, the
// shift report, and the refusals that leave everything else untouched.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { LiveProduction, REPORTS_FOLDER } from '../../../src-engine/production/live-production.js';
import { DATABASE_FILE, openResultStore } from '../../../src-engine/store/result-store.js';
import type { AlarmConfig } from '../../../src-shared/spc/alarms.js';
import type { AlarmEvent, NgFrameEvent } from '../../../src-shared/production-contract.js';
import { useTempDirs } from '../../temp-dirs.js';
import { ok, startEngine } from './engine-harness.js';
import { utcSchedule } from '../production/production-fixtures.js';

const tempDir = useTempDirs('engine-production');

function openProduction(dir: string, alarms?: AlarmConfig): LiveProduction {
  // A long flush interval: nothing reaches the disk on a timer during the test, only on close.
  const opened = LiveProduction.open(dir, { schedule: utcSchedule(), alarms, flushIntervalMs: 60_000, report: () => undefined });
  if (!opened.ok) throw new Error(opened.error.message);
  return opened.value;
}

async function runFrames(engine: Awaited<ReturnType<typeof startEngine>>, count: number): Promise<void> {
  await ok(engine.client.request('run.start', {}));
  await engine.waitForFrames(count);
  await ok(engine.client.request('run.stop', {}));
}

describe('EngineService: production', () => {
  it('counts a lot and its shift through the engine, and the counts survive closing and reopening', async () => {
    const dir = tempDir();
    const engine = await startEngine({ production: openProduction(dir) });
    const started = await ok(engine.client.request('production.startLot', { lotId: 'L-42', product: 'washer', operator: 'Ana' }));
    expect(started.lot).toMatchObject({ lotId: 'L-42', product: 'washer', operator: 'Ana', endedAtMs: null });
    await runFrames(engine, 12);
    const counters = engine.service.status().counters;
    const live = engine.service.status().production!;
    expect(live.lot?.lotId).toBe('L-42');
    expect(live.lotCounters).toMatchObject({ frames: counters.frames, framesNg: counters.framesNg, partsOk: counters.objectsOk, partsNg: counters.objectsNg });
    engine.close(); // disposes the service, which commits the pending counts

    const reopened = openProduction(dir);
    try {
      const status = reopened.status()!;
      expect(status.lot?.lotId).toBe('L-42');
      expect(status.lotCounters).toMatchObject({ frames: counters.frames, framesNg: counters.framesNg, partsOk: counters.objectsOk, partsNg: counters.objectsNg });
      expect(status.shiftCounters.frames).toBe(counters.frames);
    } finally {
      reopened.close();
    }
  });

  it('sends one production.ng event, with a small JPEG and every outline, for every NG frame', async () => {
    const engine = await startEngine({ production: openProduction(tempDir()) });
    const ngs: NgFrameEvent[] = [];
    engine.client.onEvent('production.ng', (e) => ngs.push(e));
    try {
      await runFrames(engine, 15);
      const ngFrames = engine.frames.filter((f) => !f.result.verdict.ok);
      expect(ngFrames.length).toBeGreaterThan(0);
      await expect.poll(() => ngs.length).toBe(engine.service.status().counters.framesNg);
      expect(ngs.map((n) => n.seq)).toEqual(ngFrames.map((f) => f.result.seq));
      const first = ngs[0];
      const frame = ngFrames[0].result;
      expect(first.objects.map((o) => o.ok)).toEqual(frame.objects.map((o) => o.verdict.ok));
      expect(first.reasons.length).toBeGreaterThan(0);
      const jpeg = Buffer.from(first.thumbnail!.base64, 'base64');
      expect([jpeg[0], jpeg[1]]).toEqual([0xff, 0xd8]);
      expect(Math.max(first.thumbnail!.width, first.thumbnail!.height)).toBeLessThanOrEqual(160);
      expect(first.thumbnail!.width / first.thumbnail!.height).toBeCloseTo(frame.width / frame.height, 1);
    } finally {
      engine.close();
    }
  });

  it('an NG frame whose thumbnail fails is still sent, without a picture, and the line goes on', async () => {
    const opened = LiveProduction.open(tempDir(), {
      schedule: utcSchedule(),
      report: () => undefined,
      encodeThumbnail: () => {
        throw new Error('encoder broke');
      },
    });
    if (!opened.ok) throw new Error(opened.error.message);
    const engine = await startEngine({ production: opened.value });
    const ngs: NgFrameEvent[] = [];
    engine.client.onEvent('production.ng', (e) => ngs.push(e));
    try {
      await runFrames(engine, 8);
      await expect.poll(() => ngs.length).toBe(engine.service.status().counters.framesNg);
      expect(ngs.every((n) => n.thumbnail === null)).toBe(true);
    } finally {
      engine.close();
    }
  });

  it('raises an alarm, refuses an acknowledgement without a name, and records the one with a name', async () => {
    const dir = tempDir();
    const engine = await startEngine({ production: openProduction(dir, { consecutiveNg: 1, ngRate: null, unit: 'frame' }) });
    const alarms: AlarmEvent[] = [];
    engine.client.onEvent('production.alarm', (e) => alarms.push(e));
    try {
      await runFrames(engine, 10);
      await expect.poll(() => alarms.some((a) => a.change === 'raised')).toBe(true);
      const raised = alarms.find((a) => a.change === 'raised')!.alarm;
      expect(raised.message).toBe('1 NG frames in a row');

      const nameless = await engine.client.request('production.ackAlarm', { alarmId: raised.id, by: '   ' });
      expect(nameless.ok).toBe(false);
      if (!nameless.ok) expect(nameless.error.message).toMatch(/by/);
      expect(engine.service.status().production!.openAlarms.some((a) => a.id === raised.id && a.acknowledgedBy === null)).toBe(true);

      const unknown = await engine.client.request('production.ackAlarm', { alarmId: 9999, by: 'Ana' });
      expect(!unknown.ok && unknown.error.code).toBe('not-found');

      const acked = await ok(engine.client.request('production.ackAlarm', { alarmId: raised.id, by: 'Ana' }));
      expect(acked).toMatchObject({ id: raised.id, acknowledgedBy: 'Ana' });
      expect(alarms.some((a) => a.change === 'acknowledged' && a.alarm.id === raised.id)).toBe(true);
      const again = await engine.client.request('production.ackAlarm', { alarmId: raised.id, by: 'Bo' });
      expect(again.ok).toBe(false);
    } finally {
      engine.close();
    }
    const reopened = openProduction(dir);
    try {
      const recorded = reopened.line.store.alarmsRaisedBetween(0, Date.now() + 1);
      expect(recorded.find((a) => a.id === alarms[0].alarm.id)).toMatchObject({ acknowledgedBy: 'Ana' });
    } finally {
      reopened.close();
    }
  });

  it('changes the alarm rules only for valid ones, and keeps them across a restart', async () => {
    const dir = tempDir();
    const engine = await startEngine({ production: openProduction(dir) });
    try {
      const bad = await engine.client.request('production.alarmConfig', { config: { consecutiveNg: 0, ngRate: null, unit: 'part' } });
      expect(bad.ok).toBe(false);
      if (!bad.ok) expect(bad.error.message).toMatch(/consecutiveNg/);
      const rules: AlarmConfig = { consecutiveNg: 7, ngRate: { window: 50, maxRate: 0.5 }, unit: 'part' };
      expect(await ok(engine.client.request('production.alarmConfig', { config: rules }))).toEqual(rules);
      expect(await ok(engine.client.request('production.alarmConfig', {}))).toEqual(rules);
    } finally {
      engine.close();
    }
    const reopened = openProduction(dir);
    expect(reopened.status()!.alarmConfig.consecutiveNg).toBe(7);
    reopened.close();
  });

  it('writes the shift report into <data>/reports and answers with the file names and the report', async () => {
    const dir = tempDir();
    const engine = await startEngine({ production: openProduction(dir) });
    try {
      await ok(engine.client.request('production.startLot', { lotId: 'L-1', product: 'disc', operator: 'Ana' }));
      await runFrames(engine, 6);
      const missing = await engine.client.request('production.report', { shiftKey: '1999-01-01 06:00' });
      expect(!missing.ok && missing.error.code).toBe('not-found');
      const written = await ok(engine.client.request('production.report', {}));
      const frames = engine.service.status().counters.frames;
      expect(written.report.totals.frames).toBe(frames);
      const csv = readFileSync(join(dir, REPORTS_FOLDER, written.csvFile), 'utf8').split('\n');
      expect(csv[0]).toMatch(/^shift,shift_name,/);
      expect(written.csv.split('\n')).toEqual(csv);
      expect(csv.some((line) => line.includes('L-1'))).toBe(true);
      expect(existsSync(join(dir, REPORTS_FOLDER, written.chartsFile))).toBe(true);
    } finally {
      engine.close();
    }
  });

  it('refuses a bad lot and a duplicate lot id, keeping the running lot', async () => {
    const engine = await startEngine({ production: openProduction(tempDir()) });
    try {
      const empty = await engine.client.request('production.startLot', { lotId: '', product: 'disc', operator: 'Ana' });
      expect(!empty.ok && empty.error.message).toMatch(/lotId/);
      await ok(engine.client.request('production.startLot', { lotId: 'L-1', product: 'disc', operator: 'Ana' }));
      const dup = await engine.client.request('production.startLot', { lotId: 'L-1', product: 'disc', operator: 'Bo' });
      expect(!dup.ok && dup.error.message).toMatch(/already exists/);
      expect(engine.service.status().production!.lot?.lotId).toBe('L-1');
      const ended = await ok(engine.client.request('production.endLot', {}));
      expect(ended.endedAtMs).not.toBeNull();
      const none = await engine.client.request('production.endLot', {});
      expect(!none.ok && none.error.message).toMatch(/no lot is running/);
    } finally {
      engine.close();
    }
  });

  it('a production database that fails underneath costs the counters, not the engine status, and says so once', async () => {
    const messages: string[] = [];
    const opened = LiveProduction.open(tempDir(), { schedule: utcSchedule(), report: (m) => messages.push(m) });
    if (!opened.ok) throw new Error(opened.error.message);
    const engine = await startEngine({ production: opened.value });
    try {
      const good = engine.service.status().production;
      expect(good).not.toBeNull();
      opened.value.line.store.close(); // the database goes away under the engine
      const statuses = [engine.service.status(), engine.service.status()];
      expect(statuses.map((s) => s.production)).toEqual([good, good]);
      expect(messages.filter((m) => /cannot be read/.test(m))).toHaveLength(1);
      const asked = await engine.client.request('production.status', {});
      expect(asked.ok).toBe(true);
      expect((await ok(engine.client.request('status.get', {}))).running).toBe(false);
    } finally {
      engine.close();
    }
  });

  it('without a data folder production.* is refused with the reason, and the engine keeps serving', async () => {
    const engine = await startEngine();
    try {
      const status = await engine.client.request('production.status', {});
      expect(!status.ok && status.error.message).toMatch(/need a data folder/);
      expect(engine.service.status().production).toBeNull();
      await runFrames(engine, 3);
    } finally {
      engine.close();
    }
  });
});

describe('EngineService: NG frames and the history', () => {
  it('each NG event names the results-store run it was recorded in, so the history can find the frame', async () => {
    const dir = tempDir();
    const engine = await startEngine({ production: openProduction(dir), results: openResultStore(dir, { flushIntervalMs: 60_000 }) });
    const ngs: NgFrameEvent[] = [];
    engine.client.onEvent('production.ng', (e) => ngs.push(e));
    await runFrames(engine, 6);
    await expect.poll(() => ngs.length).toBe(engine.service.status().counters.framesNg);
    engine.close();
    const db = new Database(join(dir, DATABASE_FILE), { readonly: true });
    const find = db.prepare('SELECT ok FROM frames WHERE run_id = ? AND seq = ?');
    try {
      expect(ngs.length).toBeGreaterThan(0);
      for (const ng of ngs) expect(find.get(ng.runId, ng.seq), `frame ${ng.seq}`).toEqual({ ok: 0 });
    } finally {
      db.close();
    }
  });
});
