import { describe, expect, it } from 'vitest';
import { displayToImage, fitContain, imageToDisplay, outlinePath, previewRequestSize, sizeChanged } from '../../src-renderer/lib/overlay-geometry.js';

describe('fitContain', () => {
  it('letterboxes a 5:4 image in a wide pane (bars left and right)', () => {
    expect(fitContain({ width: 1000, height: 400 }, { width: 1280, height: 1024 })).toEqual({ x: 250, y: 0, width: 500, height: 400 });
  });
  it('pillarboxes in a tall pane (bars top and bottom)', () => {
    expect(fitContain({ width: 640, height: 1000 }, { width: 1280, height: 1024 })).toEqual({ x: 0, y: 244, width: 640, height: 512 });
  });
  it('is empty for a collapsed pane instead of dividing by zero', () => {
    expect(fitContain({ width: 0, height: 300 }, { width: 1280, height: 1024 })).toEqual({ x: 0, y: 0, width: 0, height: 0 });
  });
});

describe('image ↔ display mapping', () => {
  const image = { width: 1280, height: 1024 };
  const box = fitContain({ width: 1000, height: 400 }, image);
  it('maps the image corners onto the box corners', () => {
    expect(imageToDisplay([0, 0], image, box)).toEqual([250, 0]);
    expect(imageToDisplay([1280, 1024], image, box)).toEqual([750, 400]);
  });
  it('round-trips a point', () => {
    const [x, y] = displayToImage(imageToDisplay([321.5, 777], image, box), image, box);
    expect(x).toBeCloseTo(321.5, 9);
    expect(y).toBeCloseTo(777, 9);
  });
  it('keeps a contour glued to the picture when the window is resized', () => {
    const small = fitContain({ width: 800, height: 600 }, image);
    const big = fitContain({ width: 1920, height: 1080 }, image);
    // The same image point lands on the same relative spot of the picture in both sizes.
    const rel = (b: typeof small) => {
      const [x, y] = imageToDisplay([640, 256], image, b);
      return [(x - b.x) / b.width, (y - b.y) / b.height];
    };
    expect(rel(small)).toEqual(rel(big));
    expect(rel(big)).toEqual([0.5, 0.25]);
  });
});

describe('outlinePath', () => {
  it('closes the outline and each hole as separate subpaths (even-odd keeps holes open)', () => {
    const d = outlinePath(
      [
        [0, 0],
        [10, 0],
        [10, 10],
      ],
      [
        [
          [2, 2],
          [3, 2],
          [3, 3],
        ],
      ],
    );
    expect(d).toBe('M0 0L10 0L10 10ZM2 2L3 2L3 3Z');
  });
  it('rounds to a tenth of a pixel to keep the strings short', () => {
    expect(outlinePath([
      [1.23456, 2.98765],
      [3, 4],
    ])).toBe('M1.2 3L3 4Z');
  });
  it('skips degenerate rings', () => {
    expect(outlinePath([[1, 1]], [])).toBe('');
  });
});

describe('previewRequestSize', () => {
  it('asks for the shown size in device pixels', () => {
    expect(previewRequestSize({ width: 500, height: 400 }, 2, { width: 1280, height: 1024 })).toEqual({ width: 1000, height: 800 });
  });
  it('never asks for more than the image (no upscaling), keeping the aspect ratio', () => {
    expect(previewRequestSize({ width: 1500, height: 1200 }, 2, { width: 1280, height: 1024 })).toEqual({ width: 1280, height: 1024 });
  });
  it('clamps to the contract range', () => {
    expect(previewRequestSize({ width: 4, height: 3 }, 1, null)).toEqual({ width: 16, height: 16 });
  });
  it('treats a bogus devicePixelRatio as 1', () => {
    expect(previewRequestSize({ width: 300, height: 200 }, Number.NaN, null)).toEqual({ width: 300, height: 200 });
  });
});

describe('sizeChanged', () => {
  it('ignores jitter of a few pixels but not a real resize', () => {
    expect(sizeChanged(null, { width: 10, height: 10 })).toBe(true);
    expect(sizeChanged({ width: 800, height: 600 }, { width: 804, height: 597 })).toBe(false);
    expect(sizeChanged({ width: 800, height: 600 }, { width: 900, height: 600 })).toBe(true);
  });
});
