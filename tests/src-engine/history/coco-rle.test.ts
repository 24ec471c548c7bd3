import { describe, expect, it } from 'vitest';
import { decodeRle, ringsToRle } from '../../../src-engine/history/coco-rle.js';
import type { Point } from '../../../src-shared/inspection.js';

const circle = (cx: number, cy: number, r: number, n = 256): Point[] =>
  Array.from({ length: n }, (_, i) => [cx + r * Math.cos((2 * Math.PI * i) / n), cy + r * Math.sin((2 * Math.PI * i) / n)] as Point);

describe('COCO RLE of a shape with holes', () => {
  it('a ring decodes to the ring\'s pixel count, with the hole empty', () => {
    const { rle, area, bbox } = ringsToRle([circle(60, 50, 30), circle(60, 50, 12)], 120, 100);
    expect(rle.size).toEqual([100, 120]);
    const mask = decodeRle(rle);
    const ones = mask.reduce((n, v) => n + v, 0);
    expect(ones).toBe(area);
    expect(area).toBeGreaterThan(Math.PI * (30 ** 2 - 12 ** 2) * 0.97);
    expect(area).toBeLessThan(Math.PI * (30 ** 2 - 12 ** 2) * 1.03);
    const at = (x: number, y: number) => mask[x * 100 + y]; // column-major: x * height + y
    expect(at(60, 50)).toBe(0); // the hole
    expect(at(60 + 20, 50)).toBe(1); // the ring
    expect(at(5, 5)).toBe(0);
    expect(bbox).toEqual([30, 20, 60, 60]);
  });

  it('is column-major: a wide bar\'s runs go down the columns', () => {
    // A 4×2 bar at x 1..4, y 1..2 of a 6×4 picture: each of its 4 columns is 1 zero, 2 ones, 1 zero.
    const { rle } = ringsToRle([[[1, 1], [5, 1], [5, 3], [1, 3]]], 6, 4);
    expect(rle.counts).toEqual([5, 2, 2, 2, 2, 2, 2, 2, 5]);
    const mask = decodeRle(rle);
    expect(mask[1 * 4 + 1]).toBe(1);
    expect(mask[1 * 4 + 0]).toBe(0);
    expect(mask[5 * 4 + 1]).toBe(0);
  });

  it('clips a shape at the picture\'s edge', () => {
    const { rle, area } = ringsToRle([[[-5, -5], [3, -5], [3, 3], [-5, 3]]], 10, 10);
    expect(area).toBe(9);
    expect(decodeRle(rle).reduce((n, v) => n + v, 0)).toBe(9);
  });
});
