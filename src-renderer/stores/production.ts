// The production side of the operator screen: the lot and shift counters and
// open alarms (from the engine's status and its production.alarm events), the
// NG strip (every production.ng event of the last minutes), the operator's name
// (set once, kept in localStorage, recorded with each acknowledgement) and the
// alarm tone toggle. It listens from app start, whichever screen is shown, so
// no NG frame or alarm is missed while the operator looks at another tab.
import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import type { AlarmEvent, AlarmInfo, LotStart, NgFrameEvent, ProductionStatus, ShiftReportFiles } from '../../src-shared/production-contract.js';
import type { EngineStatus } from '../../src-shared/events.js';
import type { AlarmConfig } from '../../src-shared/spc/alarms.js';
import { useLoupeClient } from '../client/client-key.js';
import { callEngine } from './request.js';
import { useErrorsStore } from './errors.js';
import { NgStripBuffer, type NgStripEntry } from '../lib/ng-strip-buffer.js';
import { playAlarmTone, unlockAlarmSound } from '../lib/alarm-sound.js';

/** The strip redraws at most this often: NG frames can come 25 a second, a person reads a few. */
export const NG_STRIP_REFRESH_MS = 250;
export const OPERATOR_KEY = 'loupe.operator';
export const ALARM_SOUND_KEY = 'loupe.alarmSound';

function stored(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null; // storage disabled: the name lasts for this page only
  }
}
function store(key: string, value: string): void {
  try {
    globalThis.localStorage?.setItem(key, value);
  } catch {
    // Same as above: nothing to keep it in.
  }
}

export const useProductionStore = defineStore('production', () => {
  const client = useLoupeClient();
  const errors = useErrorsStore();

  const status = shallowRef<ProductionStatus | null>(null);
  /** Whether the engine counts production at all (it needs a data folder); null until it has said. */
  const available = ref<boolean | null>(null);
  /** Open alarms by id: replaced by each status, updated by each alarm event in between. */
  const alarms = shallowRef<readonly AlarmInfo[]>([]);
  const operator = ref(stored(OPERATOR_KEY) ?? '');
  const soundOn = ref(stored(ALARM_SOUND_KEY) === 'on');

  const strip = new NgStripBuffer();
  const stripEntries = shallowRef<readonly NgStripEntry[]>([]);
  const ngReceived = ref(0);
  const opened = shallowRef<NgStripEntry | null>(null);
  let stripTimer: ReturnType<typeof setTimeout> | null = null;

  /** Unacknowledged first (they need the operator), then acknowledged ones still active. */
  const pendingAlarms = computed(() => [...alarms.value].sort((a, b) => Number(a.acknowledgedBy !== null) - Number(b.acknowledgedBy !== null) || a.id - b.id));
  const unacknowledged = computed(() => alarms.value.filter((a) => a.acknowledgedBy === null));

  function ingestStatus(next: EngineStatus): void {
    const production = next.production ?? null;
    status.value = production ? markRaw(production) : null;
    available.value = production !== null;
    alarms.value = markRaw(production ? production.openAlarms : []);
  }

  function ingestAlarm(event: AlarmEvent): void {
    const rest = alarms.value.filter((a) => a.id !== event.alarm.id);
    alarms.value = markRaw(event.change === 'closed' ? rest : [...rest, event.alarm]);
    if ((event.change === 'raised' || event.change === 'reactivated') && soundOn.value) playAlarmTone();
  }

  function ingestNg(event: NgFrameEvent, now = Date.now()): void {
    strip.push(markRaw(event), now);
    stripTimer ??= setTimeout(publishStrip, NG_STRIP_REFRESH_MS);
  }

  function publishStrip(): void {
    if (stripTimer !== null) clearTimeout(stripTimer);
    stripTimer = null;
    strip.expire(Date.now());
    stripEntries.value = markRaw(strip.newestFirst());
    ngReceived.value = strip.received;
  }

  function clearStrip(): void {
    strip.clear();
    opened.value = null;
    publishStrip();
  }

  function setOperator(name: string): void {
    operator.value = name.trim();
    store(OPERATOR_KEY, operator.value);
  }

  /** Turned on from a click, which is when a browser allows the page to make sound. */
  function setSound(on: boolean): void {
    soundOn.value = on && unlockAlarmSound();
    store(ALARM_SOUND_KEY, soundOn.value ? 'on' : 'off');
  }

  async function acknowledge(alarmId: number): Promise<boolean> {
    if (!operator.value) {
      errors.report('production.ackAlarm', { code: 'bad-request', message: 'enter your name (Operator) before acknowledging an alarm: it is recorded with the acknowledgement' });
      return false;
    }
    const alarm = await callEngine(client, 'production.ackAlarm', { alarmId, by: operator.value });
    if (!alarm) return false;
    ingestAlarm({ change: alarm.active ? 'acknowledged' : 'closed', alarm });
    return true;
  }

  /** The oldest alarm still waiting for someone: what the keyboard shortcut acknowledges. */
  async function acknowledgeFirst(): Promise<boolean> {
    const first = pendingAlarms.value.find((a) => a.acknowledgedBy === null);
    return first ? acknowledge(first.id) : false;
  }

  async function refresh(): Promise<void> {
    let value;
    try {
      value = await client.request('production.status', {});
    } catch {
      return; // not connected yet: the next connect or status event tells
    }
    if (value.ok) {
      status.value = markRaw(value.value);
      alarms.value = markRaw(value.value.openAlarms);
      available.value = true;
    } else if (value.error.code === 'bad-request') {
      // No data folder: nothing is counted, and the panel says so.
      available.value = false;
    }
  }

  async function startLot(lot: LotStart): Promise<boolean> {
    const started = await callEngine(client, 'production.startLot', lot);
    if (started) await refresh();
    return started !== null;
  }

  async function endLot(): Promise<boolean> {
    const ended = await callEngine(client, 'production.endLot', {});
    if (ended) await refresh();
    return ended !== null;
  }

  /** New alarm rules for the line; the engine checks them and keeps the old ones when it refuses. */
  async function setAlarmRules(config: AlarmConfig): Promise<boolean> {
    const applied = await callEngine(client, 'production.alarmConfig', { config });
    if (applied) await refresh();
    return applied !== null;
  }

  async function writeReport(shiftKey?: string): Promise<ShiftReportFiles | null> {
    return callEngine(client, 'production.report', shiftKey ? { shiftKey } : {});
  }

  const disposers: (() => void)[] = [];
  function attach(): void {
    if (disposers.length) return;
    disposers.push(
      client.onDidChangeStatus(ingestStatus),
      client.onEvent('production.alarm', ingestAlarm),
      client.onEvent('production.ng', (e) => ingestNg(e)),
    );
    // A transport that reconnects says so (a restarted engine has its own state): ask again each time.
    if (client.onDidConnect) disposers.push(client.onDidConnect(() => void refresh()));
    void refresh();
  }
  function detach(): void {
    while (disposers.length) disposers.pop()?.();
    if (stripTimer !== null) clearTimeout(stripTimer);
    stripTimer = null;
  }

  return {
    status,
    available,
    alarms,
    pendingAlarms,
    unacknowledged,
    operator,
    soundOn,
    stripEntries,
    ngReceived,
    opened,
    attach,
    detach,
    ingestStatus,
    ingestAlarm,
    ingestNg,
    publishStrip,
    clearStrip,
    setOperator,
    setSound,
    acknowledge,
    acknowledgeFirst,
    refresh,
    startLot,
    endLot,
    writeReport,
    setAlarmRules,
  };
});
