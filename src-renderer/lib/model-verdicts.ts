// The model's verdict on a frame arrives as its own event, a few milliseconds
// after the frame (the forward pass runs beside the live loop). This keeps the
// last few and folds them into a result, as a new object so the views that
// show it redraw.
import type { FrameResult } from '../../src-shared/inspection.js';
import type { ModelVerdictEvent } from '../../src-shared/model-contract.js';

/** Verdicts kept for results that are shown later than they arrive (a picture still being decoded). */
const KEEP = 32;

export class ModelVerdicts {
  private readonly bySeq = new Map<number, ModelVerdictEvent>();

  remember(verdict: ModelVerdictEvent): void {
    this.bySeq.set(verdict.seq, verdict);
    if (this.bySeq.size > KEEP) this.bySeq.delete(this.bySeq.keys().next().value!);
  }

  clear(): void {
    this.bySeq.clear();
  }

  /** `result` with its model verdict folded in, when one is known and not yet folded; else `result` itself. */
  apply(result: FrameResult): FrameResult {
    const verdict = this.bySeq.get(result.seq);
    if (!verdict || result.model) return result;
    const byId = new Map(verdict.objects.map((o) => [o.id, o]));
    return {
      ...result,
      model: { name: verdict.name, inferenceMs: verdict.inferenceMs, disagreements: verdict.disagreements },
      objects: result.objects.map((o) => {
        const v = byId.get(o.id);
        return v ? { ...o, model: { label: v.label, ok: v.ok, confidence: v.confidence } } : o;
      }),
    };
  }
}
