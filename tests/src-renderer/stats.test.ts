import { describe, expect, it } from 'vitest';
import { RateMeter, RollingWindow } from '../../src-renderer/lib/rolling-stats.js';
import { Histogram } from '../../src-renderer/lib/histogram.js';

describe('RollingWindow', () => {
  it('keeps only the newest samples', () => {
    const w = new RollingWindow(3);
    [1, 2, 3, 4, 5].forEach((v) => w.push(v));
    expect(w.count).toBe(3);
    expect(w.mean()).toBe(4);
    expect(w.percentile(50)).toBe(4);
    expect(w.percentile(100)).toBe(5);
  });
  it('has no figures before the first sample', () => {
    expect(new RollingWindow(3).mean()).toBeNull();
    expect(new RollingWindow(3).percentile(95)).toBeNull();
  });
});

describe('RateMeter', () => {
  it('measures events per second over its window', () => {
    const m = new RateMeter(1000);
    for (let t = 0; t <= 900; t += 100) m.tick(t);
    expect(m.rate(900)).toBeCloseTo(10, 5);
    expect(m.rate(5000)).toBe(0);
  });
});

describe('Histogram', () => {
  it('gives nearest-rank percentiles at 1 ms resolution', () => {
    const h = new Histogram(100);
    for (let i = 1; i <= 100; i++) h.record(i - 0.5); // 0.5, 1.5, … 99.5
    expect(h.percentile(50)).toBe(50);
    expect(h.percentile(95)).toBe(95);
    expect(h.count).toBe(100);
  });
  it('reports the largest value for percentiles past its range', () => {
    const h = new Histogram(10);
    h.record(5);
    h.record(500);
    expect(h.percentile(100)).toBe(500);
    expect(h.max).toBe(500);
  });
});
