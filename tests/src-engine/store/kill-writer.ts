// Child process for the durability test: appends frames, prints what the store
// acknowledged after each flush (committed by its worker thread), then dies by
// SIGKILL without closing anything.
import { openResultStore } from '../../../src-engine/store/result-store.js';
import { makeFrameResult } from './make-frame-result.js';

const [dir, countArg] = process.argv.slice(2);
const store = openResultStore(dir, { flushIntervalMs: 10_000, maxBatch: 1_000 });
const runId = store.beginRun({ kind: 'synthetic', seed: 1, width: 640, height: 480, fps: 30, partsPerFrame: 5, defectRate: 0, noise: 0, lightingDrift: 0, frames: 0 }, { name: 'test', version: 3 });
const count = Number(countArg);
for (let seq = 0; seq < count; seq++) {
  store.append(runId, makeFrameResult(seq, seq % 3 !== 0));
  if (seq % 10 === 9) {
    await store.flush();
    process.stdout.write(`ACK ${store.persistedSeq(runId)}\n`);
  }
}
// Frames after the last flush were never acknowledged; they may be lost.
process.kill(process.pid, 'SIGKILL');
