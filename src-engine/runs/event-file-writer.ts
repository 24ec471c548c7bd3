// Writes one TensorBoard event file. Records are framed and kept in memory
// until flush(), which writes them with one write and fsyncs, so a trainer that
// flushes once per epoch costs one fsync per epoch. A writer killed mid-write
// leaves at most its last record cut short, which readers (Loupe's and
// TensorBoard's) treat as a tail still being written; everything before the
// last flush() is on disk.
import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fail, ok, type Result } from '../../src-shared/result.js';
import { syncDirectory } from '../files/write-file-atomic.js';
import { eventFileName } from './event-file-name.js';
import { fileVersionEvent, scalarEvent, textEvent } from './event-encoding.js';
import { frameRecord } from './record-framing.js';

export interface EventFileWriterOptions {
  /** Seconds since the epoch, for the file name and the default wall time; injectable for tests. */
  now?: () => number;
  /** Buffered bytes past which records are written out before flush() (without fsync). Default 1 MiB. */
  maxBufferedBytes?: number;
}

const nowSeconds = (): number => Date.now() / 1000;

export class EventFileWriter {
  private pending: Buffer[] = [];
  /** Tags whose plugin metadata is already in this file (see event-encoding.ts). */
  private readonly describedTags = new Set<string>();
  private pendingBytes = 0;
  private fd: number | null;

  private constructor(
    readonly path: string,
    fd: number,
    private readonly now: () => number,
    private readonly maxBufferedBytes: number,
  ) {
    this.fd = fd;
  }

  /**
   * Creates `dir` if needed and a new event file in it whose first record
   * (`file_version: brain.Event:2`) is already on disk.
   */
  static open(dir: string, options: EventFileWriterOptions = {}): Result<EventFileWriter> {
    const now = options.now ?? nowSeconds;
    let path = '';
    try {
      mkdirSync(dir, { recursive: true });
      const start = now();
      path = join(dir, eventFileName(start));
      const fd = openSync(path, 'wx');
      const writer = new EventFileWriter(path, fd, now, options.maxBufferedBytes ?? 1 << 20);
      writer.append(fileVersionEvent(start));
      const flushed = writer.flush();
      if (!flushed.ok) {
        writer.close();
        return flushed;
      }
      syncDirectory(dir);
      return ok(writer);
    } catch (err) {
      return fail('bad-source', `cannot create an event file in ${dir}: ${(err as Error).message}`, path || dir);
    }
  }

  addScalar(tag: string, value: number, step: number, wallTimeSec?: number): Result<void> {
    const bad = this.checkArgs(tag, step, wallTimeSec) ?? (typeof value === 'number' ? null : `value of ${tag} must be a number, got ${typeof value}`);
    if (bad) return fail('bad-request', bad, tag);
    return this.append(scalarEvent(tag, value, step, wallTimeSec ?? this.now(), this.firstValueOf(tag)));
  }

  addText(tag: string, text: string, step: number, wallTimeSec?: number): Result<void> {
    const bad = this.checkArgs(tag, step, wallTimeSec) ?? (typeof text === 'string' ? null : `text of ${tag} must be a string`);
    if (bad) return fail('bad-request', bad, tag);
    return this.append(textEvent(tag, text, step, wallTimeSec ?? this.now(), this.firstValueOf(tag)));
  }

  /** Writes every buffered record and fsyncs the file: after it returns ok, they survive a crash. */
  flush(): Result<void> {
    if (this.fd === null) return fail('bad-request', `event file writer is closed: ${this.path}`, this.path);
    const written = this.writePending();
    if (!written.ok) return written;
    try {
      fsyncSync(this.fd);
      return ok(undefined);
    } catch (err) {
      return fail('internal', `cannot fsync ${this.path}: ${(err as Error).message}`, this.path);
    }
  }

  /** Flushes and closes; later calls do nothing. */
  close(): Result<void> {
    if (this.fd === null) return ok(undefined);
    const flushed = this.flush();
    closeSync(this.fd);
    this.fd = null;
    return flushed;
  }

  private checkArgs(tag: string, step: number, wallTimeSec: number | undefined): string | null {
    if (this.fd === null) return `event file writer is closed: ${this.path}`;
    if (typeof tag !== 'string' || tag.length === 0) return 'tag must be a non-empty string';
    if (!Number.isSafeInteger(step)) return `step of ${tag} must be an integer, got ${step}`;
    if (wallTimeSec !== undefined && !Number.isFinite(wallTimeSec)) return `wall time of ${tag} must be a finite number of seconds, got ${wallTimeSec}`;
    return null;
  }

  private firstValueOf(tag: string): boolean {
    if (this.describedTags.has(tag)) return false;
    this.describedTags.add(tag);
    return true;
  }

  private append(event: Uint8Array): Result<void> {
    const record = frameRecord(event);
    this.pending.push(record);
    this.pendingBytes += record.length;
    return this.pendingBytes >= this.maxBufferedBytes ? this.writePending() : ok(undefined);
  }

  private writePending(): Result<void> {
    if (this.pending.length === 0 || this.fd === null) return ok(undefined);
    const data = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
    let done = 0;
    try {
      while (done < data.length) done += writeSync(this.fd, data, done, data.length - done);
    } catch (err) {
      // What was not written stays buffered and a later flush retries it (a full
      // disk may have been cleared); the written part is not written twice.
      this.pending = [data.subarray(done)];
      this.pendingBytes = data.length - done;
      return fail('internal', `cannot write ${this.path}: ${(err as Error).message}`, this.path);
    }
    this.pending = [];
    this.pendingBytes = 0;
    return ok(undefined);
  }
}
