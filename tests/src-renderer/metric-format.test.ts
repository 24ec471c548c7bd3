import { describe, expect, it } from 'vitest';
import { describeReason, formatMetric, formatNumber } from '../../src-renderer/lib/metric-format.js';
import { bandFor } from '../../src-renderer/lib/recipe-bands.js';
import { parseBound, setBound } from '../../src-renderer/lib/band-edit.js';
import { sourceSpecFrom, DEFAULT_SOURCE_FORM } from '../../src-renderer/lib/source-form.js';
import { makeRecipe } from './fixtures.js';

describe('formatMetric', () => {
  it('uses the unit of the shared metric table', () => {
    expect(formatMetric('area', 6400, null)).toEqual({ text: '6400', unit: 'px²' });
    expect(formatMetric('perimeter', 320.44, null)).toEqual({ text: '320.4', unit: 'px' });
    expect(formatMetric('circularity', 0.91234, null)).toEqual({ text: '0.912', unit: '' });
  });
  it('switches to mm / mm² once calibrated', () => {
    expect(formatMetric('area', 10000, 0.1)).toEqual({ text: '100.0', unit: 'mm²' });
    expect(formatMetric('perimeter', 300, 0.1)).toEqual({ text: '30.00', unit: 'mm' });
    expect(formatMetric('circularity', 0.9, 0.1).unit).toBe('');
  });
  it('shows a dash for a missing value', () => {
    expect(formatMetric('area', undefined, null).text).toBe('—');
  });
  it('picks digits by magnitude', () => {
    expect(formatNumber(12345.6)).toBe('12346');
    expect(formatNumber(0.12345)).toBe('0.123');
  });
});

describe('describeReason', () => {
  it('names the metric, its value and the band', () => {
    expect(describeReason({ metric: 'circularity', value: 0.712, min: 0.85, max: 1, message: 'x' }, null)).toBe('Circularity 0.712 (band 0.850 – 1.00)');
    expect(describeReason({ metric: 'area', value: 9000, max: 8000, message: 'x' }, null)).toBe('Area 9000 px² (band ≤ 8000 px²)');
  });
  it('falls back to the engine message for a metric it does not know', () => {
    expect(describeReason({ metric: 'part', value: null, message: 'matches no part class' }, null)).toBe('matches no part class');
  });
});

describe('bandFor', () => {
  it('prefers the recipe-wide band', () => {
    expect(bandFor(makeRecipe(), 'circularity')).toEqual({ min: 0.85 });
  });
  it('uses a band shared by every part class, and none when they differ', () => {
    const part = (name: string, min: number) => ({ name, identify: {}, tolerances: { area: { min } } });
    expect(bandFor(makeRecipe({ parts: [part('a', 5), part('b', 5)] }), 'area')).toEqual({ min: 5 });
    expect(bandFor(makeRecipe({ parts: [part('a', 5), part('b', 6)] }), 'area')).toBeNull();
  });
});

describe('band editing', () => {
  it('parses bound fields, refusing junk', () => {
    expect(parseBound('')).toBeUndefined();
    expect(parseBound(' 0,85 ')).toBe(0.85);
    expect(parseBound('abc')).toBeNull();
  });
  it('removes a band once both bounds are cleared', () => {
    const bands: Record<string, { min?: number; max?: number } | undefined> = { area: { min: 1, max: 2 } };
    setBound(bands, 'area', 'max', undefined);
    expect(bands.area).toEqual({ min: 1 });
    setBound(bands, 'area', 'min', undefined);
    expect('area' in bands).toBe(false);
  });
});

describe('sourceSpecFrom', () => {
  it('builds a synthetic spec', () => {
    expect(sourceSpecFrom(DEFAULT_SOURCE_FORM)).toEqual({ ok: true, spec: { kind: 'synthetic', seed: 1, fps: 30, partsPerFrame: 12, defectRate: 0.15 } });
  });
  it('reads a camera index as a number and a pipeline as a string', () => {
    expect(sourceSpecFrom({ ...DEFAULT_SOURCE_FORM, kind: 'camera', device: '2' })).toMatchObject({ ok: true, spec: { device: 2 } });
    expect(sourceSpecFrom({ ...DEFAULT_SOURCE_FORM, kind: 'camera', device: 'v4l2src ! appsink' })).toMatchObject({ spec: { device: 'v4l2src ! appsink' } });
  });
  it('refuses an empty folder path with the field named', () => {
    const r = sourceSpecFrom({ ...DEFAULT_SOURCE_FORM, kind: 'folder', path: '  ' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^path:/);
  });
});
