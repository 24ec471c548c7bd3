// End to end against known answers: 1,000 frames of the default synthetic line
// (default spec, 1280×1024) judged by the shipped default recipe must agree
// with the line's ground truth on at least 99 % of frames. Truth is only
// compared with the verdict afterwards, never fed into it.
import { describe, expect, it } from 'vitest';
import { SourceSpecSchema, DEFAULT_SOURCE } from '../../src-shared/sources.js';
import type { DefectKind, FrameTruth } from '../../src-shared/inspection.js';
import { openSource } from '../../src-engine/sources/open-source.js';
import { inspectImage } from '../../src-engine/vision/inspect-image.js';
import { defaultRecipePath, loadRecipeFile } from '../../src-engine/recipes/index.js';

const FRAMES = 1000;

/** Defect kinds present in a frame, for reporting what a disagreement was about. */
const kindsIn = (truth: FrameTruth): DefectKind[] => [...new Set(truth.parts.filter((p) => !p.ok).map((p) => p.defect))];

describe('synthetic line × default recipe', () => {
  it(`agrees with ground truth on ≥ 99 % of ${FRAMES} frames`, async () => {
    const recipe = loadRecipeFile(defaultRecipePath());
    if (!recipe.ok) throw new Error(recipe.error.message);
    const spec = SourceSpecSchema.parse({ ...DEFAULT_SOURCE, frames: FRAMES });
    const opened = openSource(spec);
    if (!opened.ok) throw new Error(opened.error.message);
    const source = opened.value;

    // Positive = NG. tp: both NG, tn: both OK, fp: judged NG but truly OK, fn: a defect let through.
    const confusion = { tp: 0, tn: 0, fp: 0, fn: 0 };
    const disagreements: string[] = [];
    let parts = 0;
    for (let item = await source.next(); item; item = await source.next()) {
      if (item.kind !== 'frame') throw new Error(`synthetic line skipped a frame: ${item.error.message}`);
      const { seq, timestampMs, image, truth } = item.frame;
      if (!truth) throw new Error('synthetic frames carry truth');
      const result = inspectImage(image, recipe.value, { seq, timestampMs });
      image.release();
      parts += truth.parts.length;
      const judgedNg = !result.verdict.ok;
      const trulyNg = !truth.ok;
      if (judgedNg && trulyNg) confusion.tp++;
      else if (!judgedNg && !trulyNg) confusion.tn++;
      else if (judgedNg) {
        confusion.fp++;
        disagreements.push(`frame ${seq}: false NG (${result.verdict.reasons.map((r) => r.message).join('; ')})`);
      } else {
        confusion.fn++;
        disagreements.push(`frame ${seq}: missed ${kindsIn(truth).join(', ')}`);
      }
    }
    source.close();

    const agreement = (confusion.tp + confusion.tn) / FRAMES;
    console.log(
      `synthetic agreement over ${FRAMES} frames (${parts} parts): ${(agreement * 100).toFixed(2)} % — ` +
        `NG judged NG ${confusion.tp}, OK judged OK ${confusion.tn}, false NG ${confusion.fp}, missed NG ${confusion.fn}`,
    );
    for (const line of disagreements.slice(0, 20)) console.log(`  ${line}`);

    expect(confusion.tp + confusion.tn + confusion.fp + confusion.fn).toBe(FRAMES);
    // Both verdicts must be exercised, or "everything NG" could pass.
    expect(confusion.tp).toBeGreaterThan(500);
    expect(confusion.tn).toBeGreaterThan(50);
    expect(agreement).toBeGreaterThanOrEqual(0.99);
  }, 900_000);
});
