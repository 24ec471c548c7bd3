// The store's worker thread: owns the write connection and the picture files.
// It must never import OpenCV (a second thread that loads it aborts the
// process); it only sees plain results and raw pixel buffers.
import { parentPort, workerData } from 'node:worker_threads';
import { lowerThisThreadPriority } from './background-thread.js';
import { errorText } from './failure-streak.js';
import { HistoryWriter } from './history-writer.js';
import { ImageFiles } from './image-files.js';
import { openWriteDatabase } from './open-database.js';
import { CloseState, type FromStoreWorker, type StoreWorkerConfig, type ToStoreWorker } from './store-protocol.js';

const RETRY_MS = 1000;
const config = workerData as StoreWorkerConfig;
const closeFlag = new Int32Array(config.closeFlag);
const port = parentPort!;
const post = (m: FromStoreWorker) => port.postMessage(m);

// Encoding pictures is the heaviest work here; it must never take a core from the live loop.
const priorityProblem = lowerThisThreadPriority();
if (priorityProblem) post({ type: 'report', message: `results store: ${priorityProblem}` });

let db: ReturnType<typeof openWriteDatabase>;
try {
  db = openWriteDatabase(config.databaseFile);
} catch (err) {
  // The store's thread sees the flag and refuses frames with this reason instead of queueing them forever.
  post({ type: 'report', message: `results store: the database did not open in the writer: ${errorText(err)}` });
  Atomics.store(closeFlag, 0, CloseState.failed);
  Atomics.notify(closeFlag, 0);
  throw err;
}
const writer = new HistoryWriter(db, {
  files: new ImageFiles(config.imagesDir),
  imageQuotaBytes: config.imageQuotaBytes,
  report: (message) => post({ type: 'report', message }),
  recycle: (data) => port.postMessage({ type: 'recycle', data } satisfies FromStoreWorker, [data]),
});
let timer: NodeJS.Timeout | null = null;
let picturesScheduled = false;
const waitingFlushes: number[] = [];

port.on('message', (m: ToStoreWorker) => {
  switch (m.type) {
    case 'run':
    case 'frame':
      writer.add(m);
      if (writer.queued >= config.maxBatch) commitNow();
      else timer ??= setTimeout(commitNow, config.flushIntervalMs);
      return;
    case 'flush':
      waitingFlushes.push(m.token);
      commitNow();
      return;
    case 'close':
      close();
  }
});

/** Commits what is queued; on failure retries later, keeping everything unacknowledged. */
function commitNow(): boolean {
  if (timer) clearTimeout(timer);
  timer = null;
  const committed = writer.commit();
  if (committed === null) {
    timer = setTimeout(commitNow, RETRY_MS);
    return false;
  }
  if (committed.frames > 0 || committed.runIds.size > 0) post({ type: 'committed', runs: [...committed.runs], runIds: [...committed.runIds], frames: committed.frames });
  if (waitingFlushes.length > 0) {
    while (writer.storeNextPicture());
    for (const token of waitingFlushes.splice(0)) post({ type: 'flushed', token });
  }
  schedulePictures();
  return true;
}

/** One picture per turn of the event loop, so new frames are committed between pictures. */
function schedulePictures(): void {
  if (picturesScheduled || writer.pendingPictures === 0) return;
  picturesScheduled = true;
  setImmediate(() => {
    picturesScheduled = false;
    if (writer.storeNextPicture()) schedulePictures();
  });
}

function close(): void {
  let state: number = CloseState.closed;
  try {
    if (!commitNow()) state = CloseState.failed;
    while (writer.storeNextPicture());
    if (timer) clearTimeout(timer);
    db.close();
  } catch (err) {
    post({ type: 'report', message: `results store: closing failed: ${errorText(err)}` });
    state = CloseState.failed;
  }
  Atomics.store(closeFlag, 0, state);
  Atomics.notify(closeFlag, 0);
  port.close();
}
