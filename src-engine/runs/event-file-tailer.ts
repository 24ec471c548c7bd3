// Reads one event file incrementally: each tail() reads from where the last one
// stopped to the current end, through a fixed window buffer shared by all files
// (a 1 GB file is never held in memory), and hands every complete, CRC-checked
// record to the caller.
//
// What can be wrong with the bytes, and what happens:
// - the file ends inside a record (the writer is mid-write, or was killed): the
//   offset stays at that record's start and the next tail() tries again, so the
//   record is read once the rest arrives;
// - the data CRC does not match: the record is reported bad and skipped (its
//   length was vouched for by the header CRC, so the next record is found);
// - the header CRC does not match: the length cannot be trusted, so the file is
//   scanned forward byte by byte for the next valid header (resynchronising),
//   counting the skipped region as one bad record. A garbage file that is named
//   like an event file is one such region.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { FOOTER_BYTES, HEADER_BYTES, headerLength, maskedCrc32c } from './record-framing.js';

export interface RecordProblem {
  offset: number;
  message: string;
}

/** What one tail() found. `gone` means the file no longer exists (its folder may have been deleted). */
export interface TailReport {
  gone: boolean;
  records: number;
  bad: RecordProblem[];
  /** The file ends inside a record that has not been completed yet. */
  truncatedTail: boolean;
  /** An error other than "no such file" (permissions, I/O). */
  error: string | null;
  /** Set when the file had shrunk (replaced or truncated by someone) and was read again from the start. */
  restarted: string | null;
  /** Bytes consumed by this call. */
  bytes: number;
  /** The byte budget ran out before the end of the file: call again for the rest. */
  more: boolean;
}

/** Returns null when the record was used, or why its (CRC-valid) bytes are still not an event. */
export type RecordHandler = (data: Buffer, offset: number) => string | null;

/** One window buffer that every tailer of a watcher reads through; polling is synchronous, so it is never shared at once. */
export interface ReadWindow {
  buffer: Buffer;
  maxRecordBytes: number;
}

export class EventFileTailer {
  private offset = 0;
  private resyncing = false;
  private truncated = false;

  constructor(
    readonly path: string,
    private readonly window: ReadWindow,
  ) {}

  get truncatedTail(): boolean {
    return this.truncated;
  }

  /** Reads from where the last call stopped to the end, or until about `budgetBytes` have been consumed. */
  tail(onRecord: RecordHandler, budgetBytes = Number.POSITIVE_INFINITY): TailReport {
    const report: TailReport = { gone: false, records: 0, bad: [], truncatedTail: false, error: null, restarted: null, bytes: 0, more: false };
    let fd: number;
    try {
      fd = openSync(this.path, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') report.gone = true;
      else report.error = `cannot open: ${(err as Error).message}`;
      return report;
    }
    try {
      const size = fstatSync(fd).size;
      if (size < this.offset) {
        // Replaced or truncated by someone: start over; points merge by step, so nothing doubles.
        report.restarted = `file shrank from ${this.offset} to ${size} bytes; reading it again from the start`;
        this.offset = 0;
        this.resyncing = false;
      }
      while (this.offset < size && report.bytes < budgetBytes) {
        const consumed = this.readWindow(fd, size, onRecord, report);
        if (consumed === 0) break;
        this.offset += consumed;
        report.bytes += consumed;
      }
      // Stopped by the budget, the bytes left are unread, not a record cut off.
      report.more = this.offset < size && report.bytes >= budgetBytes;
      this.truncated = !report.more && !this.resyncing && this.offset < size;
      report.truncatedTail = this.truncated;
    } catch (err) {
      report.error = `cannot read: ${(err as Error).message}`;
    } finally {
      closeSync(fd);
    }
    return report;
  }

  /** Parses one window's worth of the file from `this.offset`; returns the bytes consumed (0: wait for more). */
  private readWindow(fd: number, size: number, onRecord: RecordHandler, report: TailReport): number {
    const { buffer, maxRecordBytes } = this.window;
    const available = size - this.offset;
    const n = readFully(fd, buffer, Math.min(buffer.length, available), this.offset);
    let pos = 0;
    for (;;) {
      if (this.resyncing) {
        const found = findHeader(buffer, pos, n, maxRecordBytes);
        if (found < 0) return Math.max(pos, n - (HEADER_BYTES - 1));
        pos = found;
        this.resyncing = false;
      }
      if (n - pos < HEADER_BYTES) return pos;
      const length = headerLength(buffer, pos, maxRecordBytes);
      if (length === null) {
        report.bad.push({ offset: this.offset + pos, message: 'record header corrupt (length CRC mismatch or impossible length); skipping to the next valid record' });
        this.resyncing = true;
        pos += 1;
        continue;
      }
      const total = HEADER_BYTES + length + FOOTER_BYTES;
      if (available - pos < total) return pos; // the rest of the record has not been written yet
      if (n - pos < total) {
        if (pos > 0 || total <= buffer.length) return pos; // re-read with the record at the window's start
        // Larger than the window: read it alone. Only such records are ever held whole.
        const record = Buffer.allocUnsafe(total);
        readFully(fd, record, total, this.offset);
        this.useRecord(record, 0, length, onRecord, report);
        return total;
      }
      this.useRecord(buffer, pos, length, onRecord, report);
      pos += total;
    }
  }

  private useRecord(buf: Buffer, at: number, length: number, onRecord: RecordHandler, report: TailReport): void {
    const offset = this.offset + at;
    const data = buf.subarray(at + HEADER_BYTES, at + HEADER_BYTES + length);
    if (maskedCrc32c(data) !== buf.readUInt32LE(at + HEADER_BYTES + length)) {
      report.bad.push({ offset, message: 'record data CRC mismatch; record skipped' });
      return;
    }
    const problem = onRecord(data, offset);
    if (problem === null) report.records++;
    else report.bad.push({ offset, message: problem });
  }
}

function findHeader(buf: Buffer, from: number, end: number, maxRecordBytes: number): number {
  for (let p = from; p + HEADER_BYTES <= end; p++) {
    if (headerLength(buf, p, maxRecordBytes) !== null) return p;
  }
  return -1;
}

function readFully(fd: number, buf: Buffer, length: number, position: number): number {
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}
