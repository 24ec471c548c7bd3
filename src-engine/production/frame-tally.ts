// What the counters need from one inspected frame: its verdict and, per part,
// OK/NG and the distinct reasons it failed.
import type { FrameResult } from '../../src-shared/inspection.js';

export interface FrameTally {
  atMs: number;
  ok: boolean;
  parts: { ok: boolean; reasons: string[] }[];
}

export function frameTally(result: FrameResult, atMs = result.timestampMs): FrameTally {
  return {
    atMs,
    ok: result.verdict.ok,
    parts: result.objects.map((o) => ({ ok: o.verdict.ok, reasons: [...new Set(o.verdict.reasons.map((r) => r.metric))] })),
  };
}
