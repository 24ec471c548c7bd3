import { describe, expect, it } from 'vitest';
import { RecipeSchema, type RecipeInput } from '../../../src-shared/recipe.js';
import { analyseMetric, analyseMetrics } from '../../../src-shared/spc/spc-analysis.js';
import { metricSeries, toleranceBand } from '../../../src-shared/spc/tolerance-band.js';

const recipeInput: RecipeInput = {
  schema: 'loupe.recipe/1',
  name: 'spc-test',
  version: 1,
  pipeline: {},
  tolerances: { area: { min: 95 } },
  parts: [
    {
      name: 'washer',
      identify: { holes: { min: 1, max: 1 } },
      tolerances: { area: { min: 90, max: 110 }, perimeter: { max: 40 } },
    },
  ],
};
const recipe = RecipeSchema.parse(recipeInput);

// 20 areas around 100 in subgroups of 4; deterministic so the expected numbers are fixed.
const areas = Array.from({ length: 20 }, (_, i) => 100 + [-1, 0.5, 1, -0.5][i % 4] + (i % 3) * 0.2);
const perimeters = areas.map((a) => a / 3);

describe('toleranceBand', () => {
  it("intersects the part class's band with the recipe-wide one, as judging does", () => {
    expect(toleranceBand(recipe, 'washer', 'area')).toEqual({ ok: true, value: { min: 95, max: 110 } });
    expect(toleranceBand(recipe, 'washer', 'perimeter')).toEqual({ ok: true, value: { max: 40 } });
    expect(toleranceBand(recipe, 'washer', 'circularity')).toEqual({ ok: true, value: null });
    expect(toleranceBand(recipe, null, 'area')).toEqual({ ok: true, value: { min: 95 } });
  });

  it('names an unknown part class and the ones that exist', () => {
    const band = toleranceBand(recipe, 'washr', 'area');
    expect(band.ok).toBe(false);
    if (!band.ok) expect(band.error).toEqual({ code: 'not-found', message: 'recipe "spc-test" has no part class "washr" (classes: washer)', subject: 'washr' });
  });
});

describe('metricSeries', () => {
  it("picks one part class's values in order and converts them to the recipe's units", () => {
    const objects = [
      { part: 'washer', metrics: { area: 400, perimeter: 80 } },
      { part: null, metrics: { area: 999, perimeter: 1 } },
      { part: 'washer', metrics: { area: 100, perimeter: 40 } },
    ] as unknown as Parameters<typeof metricSeries>[0];
    expect(metricSeries(objects, 'washer', 'area', null)).toEqual([400, 100]);
    expect(metricSeries(objects, 'washer', 'area', 0.5)).toEqual([100, 25]);
    expect(metricSeries(objects, 'washer', 'perimeter', 0.5)).toEqual([40, 20]);
  });
});

describe('analyseMetric', () => {
  it('charts a part class metric and measures capability against its band', () => {
    const result = analyseMetric(recipe, { part: 'washer', metric: 'area', chart: { kind: 'xbar-r', subgroupSize: 4 } }, areas);
    expect(result.ok).toBe(true);
    if (!result.ok || result.value.chart.kind !== 'xbar-r') return;
    const { chart, capability } = result.value;
    expect(result.value.unit).toBe('px²');
    expect(chart.xbar.points).toHaveLength(5);
    // 5 subgroups against a default baseline of 25: provisional, and said so
    expect(chart.notes.map((n) => n.code)).toEqual(['provisional-limits']);
    const grand = areas.reduce((a, b) => a + b, 0) / areas.length;
    expect(capability.mean).toBeCloseTo(grand, 12);
    expect(capability.band).toEqual({ min: 95, max: 110 });
    const meanRange = chart.range.points.reduce((a, b) => a + b, 0) / 5;
    expect(capability.sigmaWithin).toBeCloseTo(meanRange / 2.059, 12);
    expect(capability.cp.value).toBeCloseTo(15 / (6 * capability.sigmaWithin), 12);
    expect(capability.cpk.value).toBeCloseTo((grand - 95) / (3 * capability.sigmaWithin), 12);
    expect(capability.ppk.value).toBeCloseTo((grand - 95) / (3 * capability.sigmaOverall), 12);
  });

  it('reports calibrated units when the recipe has a calibration', () => {
    const calibrated = RecipeSchema.parse({ ...recipeInput, calibration: { mmPerPixel: 0.1 } });
    const result = analyseMetric(calibrated, { part: 'washer', metric: 'area', chart: { kind: 'i-mr' } }, areas);
    expect(result.ok && result.value.unit).toBe('mm²');
  });

  it('refuses a malformed request, naming the field', () => {
    const result = analyseMetric(recipe, { part: 'washer', metric: 'area', chart: { kind: 'xbar-r', subgroupSize: 12 } }, areas);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('bad-request');
      expect(result.error.message).toMatch(/^bad SPC request: chart\.subgroupSize: /);
    }
  });
});

describe('analyseMetrics', () => {
  it('answers each series on its own: too few parts, no band, a one-sided band and an unknown class cost only their own result', () => {
    const outcomes = analyseMetrics(recipe, [
      { request: { part: 'washer', metric: 'area', chart: { kind: 'xbar-r', subgroupSize: 5 } }, values: areas },
      { request: { part: 'washer', metric: 'area', chart: { kind: 'xbar-r', subgroupSize: 5 } }, values: areas.slice(0, 3) },
      { request: { part: 'washer', metric: 'circularity', chart: { kind: 'i-mr' } }, values: areas.map((a) => a / 110) },
      { request: { part: 'washer', metric: 'perimeter', chart: { kind: 'i-mr' } }, values: perimeters },
      { request: { part: 'bolt', metric: 'area', chart: { kind: 'i-mr' } }, values: areas },
    ]);
    const [full, short, noBand, oneSided, unknown] = outcomes.map((o) => o.result);

    expect(full.ok).toBe(true);

    expect(short.ok).toBe(false);
    if (!short.ok) {
      expect(short.error.message).toBe('washer/area: not enough data: 3 usable value(s), one subgroup needs 5');
      expect(short.error.subject).toBe('washer/area');
    }

    // no band: the chart and its limits still come out, the indices say why they are missing
    expect(noBand.ok).toBe(true);
    if (noBand.ok && noBand.value.chart.kind === 'i-mr') {
      expect(noBand.value.chart.individuals.points).toHaveLength(20);
      expect(noBand.value.chart.individuals.limits.upper).toBeGreaterThan(noBand.value.chart.individuals.limits.center);
      expect(noBand.value.capability.cpk).toEqual({ value: null, reason: 'no tolerance band for this metric, so no Cpk' });
    }

    // max only: Cpk from the upper side, Cp absent with its reason
    expect(oneSided.ok).toBe(true);
    if (oneSided.ok) {
      const c = oneSided.value.capability;
      expect(c.cpk.value).toBeCloseTo((40 - c.mean) / (3 * c.sigmaWithin), 12);
      expect(c.cp.value === null && c.cp.reason).toContain('needs both limits; the band has only an upper limit (max 40)');
    }

    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.error.code).toBe('not-found');
    expect(outcomes.map((o) => `${o.part}/${o.metric}`)).toEqual(['washer/area', 'washer/area', 'washer/circularity', 'washer/perimeter', 'bolt/area']);
  });
});
