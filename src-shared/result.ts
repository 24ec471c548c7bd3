// Results cross every boundary as values, never as thrown exceptions, so a
// failure on one request can be reported without tearing down the channel.
export type Result<T, E = LoupeError> = { ok: true; value: T } | { ok: false; error: E };

/** An error that can cross a process boundary: a stable code plus a message a person can act on. */
export interface LoupeError {
  code: ErrorCode;
  message: string;
  /** The file, field or message the error is about, when there is one. */
  subject?: string;
}

export type ErrorCode =
  | 'bad-request'
  | 'bad-recipe'
  | 'bad-image'
  | 'bad-source'
  | 'not-found'
  | 'too-large'
  | 'opencv-unavailable'
  | 'busy'
  | 'conflict'
  | 'internal';

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string, subject?: string): Result<never> => ({
  ok: false,
  error: subject === undefined ? { code, message } : { code, message, subject },
});
