import { describe, expect, it } from 'vitest';
import {
  acknowledge,
  initialAlarmState,
  observe,
  observeAll,
  type AlarmChange,
  type AlarmConfig,
  type AlarmState,
} from '../../../src-shared/spc/alarms.js';

function start(config: Partial<AlarmConfig>): AlarmState {
  const state = initialAlarmState({ consecutiveNg: null, ngRate: null, unit: 'part', ...config });
  if (!state.ok) throw new Error(state.error.message);
  return state.value;
}

/** Feeds a string of verdicts ('.' OK, 'x' NG), one per millisecond from `t0`, and collects the changes. */
function feed(state: AlarmState, verdicts: string, t0 = 0): { state: AlarmState; changes: AlarmChange[] } {
  const changes: AlarmChange[] = [];
  [...verdicts].forEach((c, i) => {
    const step = observe(state, c === '.', t0 + i);
    state = step.state;
    changes.push(...step.changes);
  });
  return { state, changes };
}

const summary = (changes: AlarmChange[]) => changes.map((c) => `${c.type} #${c.alarm.id}`);

function ack(state: AlarmState, id: number, by: string, atMs: number) {
  const result = acknowledge(state, id, by, atMs);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('K NG in a row', () => {
  it('raises once when the run reaches K, not again while it lasts', () => {
    const s0 = start({ consecutiveNg: 3 });
    const a = feed(s0, '.xx');
    expect(a.changes).toEqual([]);
    const b = feed(a.state, 'xxxx', 100);
    expect(summary(b.changes)).toEqual(['raised #1']);
    expect(b.changes[0].alarm).toMatchObject({ kind: 'consecutive-ng', message: '3 NG parts in a row', raisedAtMs: 100, active: true, acknowledgedBy: null });
  });

  it('clears when a part is OK and stays open until acknowledged; acknowledging records who and when and closes it', () => {
    const raised = feed(start({ consecutiveNg: 2 }), 'xx');
    const cleared = feed(raised.state, '.', 50);
    expect(summary(cleared.changes)).toEqual(['cleared #1']);
    expect(cleared.state.open).toHaveLength(1);
    expect(cleared.state.open[0]).toMatchObject({ active: false, clearedAtMs: 50 });

    const acked = ack(cleared.state, 1, '  Ana Ruiz ', 60);
    expect(summary(acked.changes)).toEqual(['acknowledged #1', 'closed #1']);
    expect(acked.changes[1].alarm).toMatchObject({ acknowledgedBy: 'Ana Ruiz', acknowledgedAtMs: 60 });
    expect(acked.state.open).toEqual([]);
  });

  it('an acknowledged alarm whose condition persists raises nothing more; after it clears, a new episode is a new alarm', () => {
    const raised = feed(start({ consecutiveNg: 2 }), 'xx');
    const acked = ack(raised.state, 1, 'ana', 10);
    expect(summary(acked.changes)).toEqual(['acknowledged #1']);
    const persisting = feed(acked.state, 'xxxxx', 20);
    expect(persisting.changes).toEqual([]);
    const ended = feed(persisting.state, '.', 30);
    expect(summary(ended.changes)).toEqual(['cleared #1', 'closed #1']);
    const again = feed(ended.state, 'xx', 40);
    expect(summary(again.changes)).toEqual(['raised #2']);
  });

  it('a condition that returns before anyone acknowledged it re-activates the same alarm', () => {
    const { changes } = feed(start({ consecutiveNg: 2 }), 'xx.xx');
    expect(summary(changes)).toEqual(['raised #1', 'cleared #1', 'reactivated #1']);
  });
});

describe('NG rate over the last W', () => {
  it('waits for a full window, raises above the limit (not at it) and clears as NG parts leave the window', () => {
    const s0 = start({ ngRate: { window: 10, maxRate: 0.2 } });
    const early = feed(s0, 'xxx......');
    expect(early.changes).toEqual([]); // 3 NG of 9 seen: the window is not full yet
    const full = feed(early.state, '.', 9);
    expect(summary(full.changes)).toEqual(['raised #1']);
    expect(full.changes[0].alarm.message).toBe('NG rate 30.0% over the last 10 parts exceeds 20.0%');
    // the next OK part pushes the first NG out: 2 of 10 = 20 %, not above 20 %
    const dropped = feed(full.state, '.', 10);
    expect(summary(dropped.changes)).toEqual(['cleared #1']);
  });

  it('never raises for a rate at the limit', () => {
    const { changes } = feed(start({ ngRate: { window: 5, maxRate: 0.2 } }), 'x....x....x....x....');
    expect(changes).toEqual([]);
  });

  it('keeps both conditions apart: a run of NG can raise both, each once', () => {
    const { changes } = feed(start({ consecutiveNg: 3, ngRate: { window: 4, maxRate: 0.5 }, unit: 'frame' }), '.x.xxxx');
    expect(changes.map((c) => `${c.type} ${c.alarm.kind} #${c.alarm.id}`)).toEqual(['raised ng-rate #1', 'raised consecutive-ng #2']);
    expect(changes[1].alarm.message).toBe('3 NG frames in a row');
  });
});

describe('observeAll', () => {
  it("feeds one frame's parts in order at the frame's time", () => {
    const step = observeAll(start({ consecutiveNg: 3 }), [true, false, false, false, false], 1234);
    expect(summary(step.changes)).toEqual(['raised #1']);
    expect(step.state.seen).toBe(5);
    expect(step.changes[0].alarm.raisedAtMs).toBe(1234);
  });
});

describe('purity', () => {
  it('leaves the state it was given untouched', () => {
    const s0 = start({ consecutiveNg: 1, ngRate: { window: 3, maxRate: 0 } });
    const frozen = JSON.stringify(s0);
    const s1 = observe(s0, false, 1).state;
    expect(JSON.stringify(s0)).toBe(frozen);
    const frozen1 = JSON.stringify(s1);
    ack(s1, 1, 'ana', 2);
    expect(JSON.stringify(s1)).toBe(frozen1);
  });
});

describe('bad input', () => {
  it('refuses bad settings, naming the field', () => {
    const state = initialAlarmState({ consecutiveNg: 0, ngRate: { window: 10, maxRate: 1.5 }, unit: 'part' });
    expect(state.ok).toBe(false);
    if (!state.ok) {
      expect(state.error.message).toContain('consecutiveNg');
      expect(state.error.message).toContain('ngRate.maxRate');
    }
  });

  it('refuses an acknowledgement without a name, of an unknown alarm, or a second one; the alarm stays as it was', () => {
    const { state } = feed(start({ consecutiveNg: 1 }), 'x');
    const nameless = acknowledge(state, 1, '  ', 5);
    expect(nameless.ok).toBe(false);
    if (!nameless.ok) expect(nameless.error).toEqual({ code: 'bad-request', message: "acknowledging alarm 1 needs the operator's name" });

    const unknown = acknowledge(state, 9, 'ana', 5);
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.error.code).toBe('not-found');

    const once = ack(state, 1, 'ana', 5);
    const twice = acknowledge(once.state, 1, 'bo', 6);
    expect(twice.ok).toBe(false);
    if (!twice.ok) expect(twice.error.message).toBe('alarm 1 was already acknowledged by ana');

    expect(state.open[0]).toMatchObject({ id: 1, active: true, acknowledgedBy: null });
    expect(once.state.open[0]).toMatchObject({ acknowledgedBy: 'ana', acknowledgedAtMs: 5 });
  });
});

describe('restart', () => {
  it('carries on from restored open alarms: ids continue, and the first OK observation clears them', () => {
    const restored = initialAlarmState(
      { consecutiveNg: 2, ngRate: null, unit: 'part' },
      { open: [{ id: 7, kind: 'consecutive-ng', message: '2 NG parts in a row', raisedAtMs: 1, active: true, clearedAtMs: null, acknowledgedBy: null, acknowledgedAtMs: null }] },
    );
    expect(restored.ok).toBe(true);
    if (!restored.ok) return;
    expect(restored.value.nextId).toBe(8);
    const step = feed(restored.value, '.', 100);
    expect(summary(step.changes)).toEqual(['cleared #7']);
    const acked = ack(step.state, 7, 'ana', 101);
    const next = feed(acked.state, 'xx', 200);
    expect(summary(next.changes)).toEqual(['raised #8']);
  });
});
