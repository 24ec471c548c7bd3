// The NG strip's record of one NG frame: what failed, every part's outline
// (thinned) and a small picture. Built only for NG frames, so an OK frame
// costs nothing here.
import type { FrameResult, Point } from '../../src-shared/inspection.js';
import type { NgFrameEvent, NgThumbnail } from '../../src-shared/production-contract.js';

/**
 * Points kept per outline: the strip draws them over a 160 px thumbnail and a
 * view a few times larger, where a few dozen points per part look the same as
 * hundreds and keep every NG event a few KB.
 */
export const NG_OUTLINE_POINTS = 48;

/** Every k-th point so at most `max` remain; the shape's extent survives because the points are spread evenly. */
export function thinOutline(outline: readonly Point[], max = NG_OUTLINE_POINTS): Point[] {
  if (outline.length <= max) return outline.map((p) => [p[0], p[1]]);
  const step = outline.length / max;
  const out: Point[] = [];
  for (let i = 0; i < max; i++) {
    const p = outline[Math.floor(i * step)];
    out.push([p[0], p[1]]);
  }
  return out;
}

export function ngFrameEvent(result: FrameResult, lotId: string | null, thumbnail: NgThumbnail | null, runId: number | null = null): NgFrameEvent {
  const reasons = new Set<string>();
  for (const r of result.verdict.reasons) reasons.add(r.metric);
  for (const o of result.objects) for (const r of o.verdict.reasons) reasons.add(r.metric);
  return {
    seq: result.seq,
    timestampMs: result.timestampMs,
    width: result.width,
    height: result.height,
    recipe: { name: result.recipe.name, version: result.recipe.version },
    lotId,
    runId,
    reasons: [...reasons],
    objects: result.objects.map((o) => ({
      id: o.id,
      part: o.part,
      ok: o.verdict.ok,
      outline: thinOutline(o.outline),
      messages: o.verdict.reasons.map((r) => r.message),
    })),
    thumbnail,
  };
}
