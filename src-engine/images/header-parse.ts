// The shape every container-header parser returns, kept apart from the parsers
// and the dispatcher so neither imports the other.
import type { Result } from '../../src-shared/result.js';

export interface ImageHeader {
  width: number;
  height: number;
  /** Why the file looks cut short (the data its header promises is missing), or null when it looks whole. */
  truncated: string | null;
}

/** A header, or a sentence saying why none could be read. */
export type HeaderParse = Result<ImageHeader, string>;

export const headerOk = (width: number, height: number, truncated: string | null = null): HeaderParse => ({
  ok: true,
  value: { width, height, truncated },
});

export const headerBad = (reason: string): HeaderParse => ({ ok: false, error: reason });
