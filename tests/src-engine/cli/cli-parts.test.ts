// The CLI's building blocks that the subprocess tests cannot pin down precisely.
import { describe, expect, it } from 'vitest';
import { csvField, csvHeader, resultsCsv } from '../../../src-engine/cli/results-csv.js';
import { summarize } from '../../../src-engine/cli/results-summary.js';
import type { FrameResult, ObjectResult } from '../../../src-shared/inspection.js';
import { OBJECT_METRIC_NAMES } from '../../../src-shared/metrics.js';

function object(id: number, ok: boolean, area: number): ObjectResult {
  const metrics = Object.fromEntries(OBJECT_METRIC_NAMES.map((n) => [n, 1])) as ObjectResult['metrics'];
  metrics.area = area;
  metrics.perimeter = 10;
  return {
    id,
    part: ok ? 'washer' : null,
    bbox: { x: 0, y: 0, width: 1, height: 1 },
    centroid: [0, 0],
    outline: [],
    holes: [],
    metrics,
    verdict: ok ? { ok: true, reasons: [] } : { ok: false, reasons: [{ metric: 'area', value: area, max: 5, message: 'area 9, "too big", max 5' }] },
  };
}

function frame(seq: number, objects: ObjectResult[]): FrameResult {
  return {
    seq,
    timestampMs: 0,
    width: 10,
    height: 10,
    recipe: { name: 'r', version: 1 },
    thresholdUsed: 128,
    metrics: { meanIntensity: 0, pixelsAboveThreshold: 0, objectCount: objects.length, processingMs: 1 },
    objects,
    verdict: { ok: objects.every((o) => o.verdict.ok), reasons: [] },
  };
}

describe('results.csv', () => {
  it('quotes only the fields that need it', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(Number.NaN)).toBe('');
  });

  it('puts units in the header, calibrated when a scale is given', () => {
    expect(csvHeader(null)).toContain('area [px²]');
    expect(csvHeader(null)).toContain('holes [count]');
    expect(csvHeader(0.1)).toContain('area [mm²]');
    expect(csvHeader(0.1)).toContain('equivalentDiameter [mm]');
    expect(csvHeader(0.1)).toContain('circularity');
  });

  it('writes one row per object with verdict and reasons, scaling lengths and areas', () => {
    const frames = [{ file: 'dir, with comma/a.png', frameInFile: 0, result: frame(0, [object(1, true, 4), object(2, false, 9)]) }];
    const lines = resultsCsv(frames, 0.5).trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    const header = lines[0].split(',');
    expect(lines[1].startsWith('"dir, with comma/a.png",0,0,1,washer,')).toBe(true);
    expect(lines[1].endsWith(',OK,')).toBe(true);
    expect(lines[2]).toContain(',NG,"area 9, ""too big"", max 5"');
    const row = lines[1].slice(lines[1].indexOf('washer,') + 7).split(',');
    expect(Number(row[header.indexOf('area [mm²]') - 5])).toBe(1); // 4 px² × 0.25
    expect(Number(row[header.indexOf('perimeter [mm]') - 5])).toBe(5);
  });
});

describe('summary', () => {
  it('counts frames, objects and the yield', () => {
    const s = summarize({
      frames: [
        { file: 'a', frameInFile: 0, result: frame(0, [object(1, true, 1)]) },
        { file: 'b', frameInFile: 0, result: frame(1, [object(1, true, 1), object(2, false, 9)]) },
      ],
      skipped: [{ file: 'c', code: 'bad-image', message: 'truncated' }],
    });
    expect(s).toMatchObject({ frames: 2, framesOk: 1, framesNg: 1, objects: 3, objectsOk: 2, objectsNg: 1, yield: 0.5 });
    expect(s.skipped).toHaveLength(1);
    expect(summarize({ frames: [], skipped: [] }).yield).toBeNull();
  });
});
