// Says a failure once when it starts and once when it ends, not once per frame:
// at 30 frames a second a full disk would otherwise bury the log.
export class FailureStreak {
  private failures = 0;

  constructor(private readonly report: (message: string) => void) {}

  get failing(): boolean {
    return this.failures > 0;
  }

  failed(message: string): void {
    if (this.failures++ === 0) this.report(message);
  }

  /** `message` gets the number of failures in the streak. */
  recovered(message: (failures: number) => string): void {
    if (this.failures === 0) return;
    const n = this.failures;
    this.failures = 0;
    this.report(message(n));
  }
}

export function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as NodeJS.ErrnoException).code;
  return code && !err.message.includes(code) ? `${err.message} (${code})` : err.message;
}
