// Lowers the calling thread's CPU priority, so that when the two cores are
// contended the live loop's thread wins over the store's encoding and fsyncs.
// Linux schedules threads individually: setpriority() on the thread's own id
// (read from /proc/thread-self) renices that thread alone. Elsewhere it is a
// no-op, said so through the return value.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** Nice value for the store's writer: well below the engine's, above idle so it still catches up. */
export const WRITER_NICE = 10;

export function lowerThisThreadPriority(nice = WRITER_NICE): string | null {
  if (process.platform !== 'linux') return `thread priority is left as is on ${process.platform}`;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').at(-1));
    if (!Number.isInteger(tid) || tid <= 0) return 'the thread id could not be read';
    setPriority(tid, nice);
    return null;
  } catch (err) {
    return `thread priority not lowered: ${err instanceof Error ? err.message : String(err)}`;
  }
}
