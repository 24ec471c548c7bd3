// The synthetic line: reproducible frames and truth, truth that matches the
// pixels, the parts mix and defect share asked for, and the sensor model.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { opencv, type Mat } from '../../../src-engine/opencv.js';
import { SyntheticSourceSchema, type SyntheticSourceSpec } from '../../../src-shared/sources.js';
import type { FrameTruth } from '../../../src-shared/inspection.js';
import { SyntheticLine } from '../../../src-engine/sources/synthetic/synthetic-line.js';
import { planFrame } from '../../../src-engine/sources/synthetic/plan-frame.js';

const spec = (input: Partial<SyntheticSourceSpec> = {}): SyntheticSourceSpec => SyntheticSourceSchema.parse({ kind: 'synthetic', ...input });
const hash = (mat: Mat): string => createHash('sha256').update(mat.getData()).digest('hex');

describe('synthetic line determinism', () => {
  it('renders the same pixels and truth for the same seed, in any order and through next()', async () => {
    const a = new SyntheticLine(spec({ seed: 42 }));
    const b = new SyntheticLine(spec({ seed: 42 }));
    const forward = [0, 1, 2, 3].map((i) => a.render(i));
    const backward = [3, 2, 1, 0].map((i) => b.render(i)).reverse();
    forward.forEach((f, i) => {
      expect(hash(f.image)).toBe(hash(backward[i].image));
      expect(f.truth).toEqual(backward[i].truth);
    });
    const streamed = new SyntheticLine(spec({ seed: 42 }));
    for (let i = 0; i < 4; i++) {
      const item = await streamed.next();
      expect(item?.kind).toBe('frame');
      if (item?.kind !== 'frame') return;
      expect(item.frame.seq).toBe(i);
      expect(hash(item.frame.image)).toBe(hash(forward[i].image));
      expect(item.frame.truth).toEqual(forward[i].truth);
    }
  });

  it('renders different frames for different seeds and for successive frames', () => {
    const one = new SyntheticLine(spec({ seed: 1 })).render(0);
    const two = new SyntheticLine(spec({ seed: 2 })).render(0);
    const next = new SyntheticLine(spec({ seed: 1 })).render(1);
    expect(hash(one.image)).not.toBe(hash(two.image));
    expect(one.truth).not.toEqual(two.truth);
    expect(hash(one.image)).not.toBe(hash(next.image));
  });

  it('stops after `frames` frames, or when closed', async () => {
    const bounded = new SyntheticLine(spec({ frames: 3, width: 320, height: 256 }));
    expect(bounded.info).toMatchObject({ kind: 'synthetic', length: 3, fps: 30 });
    const kinds = [];
    for (let i = 0; i < 5; i++) kinds.push((await bounded.next())?.kind ?? null);
    expect(kinds).toEqual(['frame', 'frame', 'frame', null, null]);
    const endless = new SyntheticLine(spec({ width: 320, height: 256 }));
    expect(endless.info.length).toBeNull();
    expect(await endless.next()).not.toBeNull();
    endless.close();
    expect(await endless.next()).toBeNull();
  });
});

describe('synthetic line truth', () => {
  /**
   * Blobs of a noise-free frame: pixel count after a mid-gray threshold, and
   * the area the gray levels integrate to around the blob (Σ (gray − belt) /
   * contrast), which is what exact coverage should give back.
   */
  function blobs(image: Mat): Array<{ pixels: number; coverage: number; x: number; y: number }> {
    const cv = opencv();
    const binary = image.threshold(120, 255, cv.THRESH_BINARY);
    const { labels, stats, centroids } = binary.connectedComponentsWithStats(8, cv.CV_32S);
    const excess = image.convertTo(cv.CV_32F, 1 / 160, -40 / 160); // 0 on the belt, 1 inside a part
    const grow = cv.getStructuringElement(cv.MORPH_ELLIPSE, new cv.Size(7, 7));
    const out = [];
    for (let label = 1; label < stats.rows; label++) {
      const near = labels.inRange(label, label).dilate(grow).convertTo(cv.CV_32F, 1 / 255);
      out.push({
        pixels: stats.at(label, cv.CC_STAT_AREA),
        coverage: excess.hMul(near).sum() as number,
        x: centroids.at(label, 0),
        y: centroids.at(label, 1),
      });
    }
    return out;
  }

  /** Truth parts grouped as the camera sees them: a touching pair is one blob. */
  function expectedBlobs(truth: FrameTruth): Array<{ area: number; x: number; y: number; pair: boolean }> {
    const singles = truth.parts.filter((p) => p.defect !== 'touching').map((p) => ({ area: p.area, x: p.center[0], y: p.center[1], pair: false }));
    const touching = truth.parts.filter((p) => p.defect === 'touching');
    const pairs = [];
    for (let i = 0; i + 1 < touching.length; i += 2) {
      const [a, b] = [touching[i], touching[i + 1]];
      pairs.push({ area: a.area + b.area, x: (a.center[0] + b.center[0]) / 2, y: (a.center[1] + b.center[1]) / 2, pair: true });
    }
    return [...singles, ...pairs];
  }

  it('matches the pixels of noise-free frames: one blob per part (or touching pair), gray-level area within 0.5 %', () => {
    const line = new SyntheticLine(spec({ seed: 9, noise: 0, lightingDrift: 0, defectRate: 0.4 }));
    let checked = 0;
    for (let f = 0; f < 20; f++) {
      const { image, truth } = line.render(f);
      const found = blobs(image);
      const expected = expectedBlobs(truth);
      expect(found).toHaveLength(expected.length);
      for (const e of expected) {
        const nearest = found.reduce((best, b) => (Math.hypot(b.x - e.x, b.y - e.y) < Math.hypot(best.x - e.x, best.y - e.y) ? b : best));
        // A touching pair overlaps, so its blob is smaller than the two parts' sum.
        if (e.pair) {
          expect(nearest.coverage / e.area).toBeGreaterThan(0.85);
          expect(nearest.coverage / e.area).toBeLessThan(1);
        } else {
          expect(Math.abs(nearest.coverage / e.area - 1)).toBeLessThan(0.005);
          // Thresholding moves each edge pixel by up to half a pixel either way.
          expect(Math.abs(nearest.pixels / e.area - 1)).toBeLessThan(0.04);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(150);
  });

  it('gives analytic area and perimeter for good parts, and marks defective parts and frames', () => {
    const line = new SyntheticLine(spec({ seed: 4, width: 640, height: 512 }));
    for (let f = 0; f < 30; f++) {
      const { truth } = line.render(f);
      expect(truth.ok).toBe(truth.parts.every((p) => p.ok));
      for (const p of truth.parts) {
        expect(p.ok).toBe(p.defect === 'none');
        if (p.shape === 'disc' && p.ok) expect((p.perimeter * p.perimeter) / (4 * Math.PI * p.area)).toBeCloseTo(1, 6);
        if (p.shape === 'rect' && p.ok) expect(p.area).toBeCloseTo(39 * 22 * (p.perimeter / (2 * (39 + 22))) ** 2, 3);
      }
    }
  });

  it('draws the requested mix: about partsPerFrame parts, defectRate defective, every shape and defect, all inside the frame', () => {
    const s = spec({ seed: 3 });
    const shapes = new Set<string>();
    const defects = new Set<string>();
    let parts = 0;
    let defective = 0;
    const frames = 400;
    const box = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
    for (let f = 0; f < frames; f++) {
      for (const part of planFrame(s, f)) {
        parts++;
        if (part.defect !== 'none') defective++;
        shapes.add(part.shape);
        defects.add(part.defect);
        // One bounding box over every outline point, checked once: millions of expect() calls
        // made this test take half a minute.
        for (const [x, y] of part.outline) {
          box.minX = Math.min(box.minX, x);
          box.minY = Math.min(box.minY, y);
          box.maxX = Math.max(box.maxX, x);
          box.maxY = Math.max(box.maxY, y);
        }
      }
    }
    expect(box.minX).toBeGreaterThan(4);
    expect(box.minY).toBeGreaterThan(4);
    expect(box.maxX).toBeLessThan(s.width - 4);
    expect(box.maxY).toBeLessThan(s.height - 4);
    expect(parts / frames).toBeGreaterThan(11);
    expect(parts / frames).toBeLessThan(13);
    expect(defective / parts).toBeGreaterThan(0.13);
    expect(defective / parts).toBeLessThan(0.21);
    expect([...shapes].sort()).toEqual(['disc', 'hex', 'rect', 'washer']);
    expect([...defects].sort()).toEqual(['chip', 'crack', 'dent', 'missing-hole', 'none', 'touching']);
  });

  it('draws nothing wrong with no defects asked for', () => {
    const s = spec({ seed: 5, defectRate: 0 });
    for (let f = 0; f < 100; f++) expect(planFrame(s, f).every((p) => p.defect === 'none')).toBe(true);
  });
});

describe('synthetic line sensor', () => {
  it('adds Gaussian noise of the given σ around the belt level', () => {
    const cv = opencv();
    const { image } = new SyntheticLine(spec({ partsPerFrame: 0, noise: 3, lightingDrift: 0 })).render(0);
    const { mean, stddev } = image.meanStdDev();
    expect(mean.at(0, 0)).toBeCloseTo(40, 0);
    expect(stddev.at(0, 0)).toBeGreaterThan(2.8);
    expect(stddev.at(0, 0)).toBeLessThan(3.2);
    expect(image.type).toBe(cv.CV_8UC1);
  });

  it('drifts the lighting slowly by the given peak-to-peak amount', () => {
    const line = new SyntheticLine(spec({ partsPerFrame: 0, noise: 0, lightingDrift: 12 }));
    const mean = (f: number) => line.render(f).image.mean().w;
    // The drift is a slow sinusoid: a quarter period up at frame 150, down at 450.
    expect(mean(150) - mean(450)).toBeGreaterThan(11);
    expect(mean(150) - mean(450)).toBeLessThan(13);
    expect(Math.abs(mean(5) - mean(0))).toBeLessThan(0.8); // 0.3 gray of drift plus 8-bit rounding
  });
});
