// Child process for the durability test: starts a lot, counts frames, commits,
// records an acknowledged alarm, prints ACK, counts more frames that are never
// committed, and dies by SIGKILL without closing anything.
import { ProductionStore } from '../../../src-engine/production/production-store.js';
import { acknowledge, initialAlarmState, observeAll } from '../../../src-shared/spc/alarms.js';
import { at, tally, utcSchedule } from './production-fixtures.js';

const [dir] = process.argv.slice(2);
const opened = ProductionStore.open(dir, { schedule: utcSchedule(), flushIntervalMs: 60_000, maxPendingFrames: 100_000 });
if (!opened.ok) throw new Error(opened.error.message);
const store = opened.value;
const t0 = at('2026-12-01T07:00:00Z');
store.startLot({ lotId: 'L-100', product: 'washer M8', operator: 'Ana' }, t0);
for (let i = 0; i < 30; i++) store.recordFrame(tally(t0 + i * 1000, 3, [['area']]));
store.flush();

const state = initialAlarmState({ consecutiveNg: 2, ngRate: null, unit: 'part' });
if (!state.ok) throw new Error(state.error.message);
const raised = observeAll(state.value, [false, false], t0 + 30_000);
for (const change of raised.changes) store.recordAlarmChange(change);
const acked = acknowledge(raised.state, raised.changes[0].alarm.id, 'Ana', t0 + 31_000);
if (!acked.ok) throw new Error(acked.error.message);
for (const change of acked.value.changes) store.recordAlarmChange(change);
process.stdout.write('ACK 30\n');

// Never committed: these may be lost, and nothing promised otherwise.
for (let i = 30; i < 37; i++) store.recordFrame(tally(t0 + i * 1000, 4));
process.kill(process.pid, 'SIGKILL');
