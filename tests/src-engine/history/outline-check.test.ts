import { describe, expect, it } from 'vitest';
import { checkOutline, firstCrossing, normalizeOutline } from '../../../src-engine/history/outline-check.js';
import type { Point } from '../../../src-shared/inspection.js';

const square: Point[] = [[10, 10], [20, 10], [20, 20], [10, 20]];

describe('a person\'s outline', () => {
  it('accepts a simple polygon, dropping a repeated and a closing point', () => {
    const checked = checkOutline([[10, 10], [20, 10], [20, 10], [20, 20], [10, 20], [10, 10]], 100, 100);
    expect(checked).toEqual({ ok: true, value: square });
  });

  it('refuses fewer than 3 distinct points, saying how many there were', () => {
    const checked = checkOutline([[10, 10], [20, 10], [10, 10]], 100, 100);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.error.message).toBe('an outline needs at least 3 distinct points (got 2)');
  });

  it('refuses a bow-tie, naming the crossing edges', () => {
    const bowTie: Point[] = [[10, 10], [20, 20], [20, 10], [10, 20]];
    expect(firstCrossing(bowTie)).toEqual([0, 2]);
    const checked = checkOutline(bowTie, 100, 100);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.error.message).toMatch(/crosses itself: edge 0 crosses edge 2/);
  });

  it('refuses an edge that folds back onto another (touching counts as crossing)', () => {
    expect(firstCrossing([[0, 0], [10, 0], [10, 10], [5, 0], [0, 10]])).not.toBeNull();
  });

  it('refuses points outside the picture and a polygon with no area', () => {
    const outside = checkOutline([[10, 10], [120, 10], [20, 20]], 100, 100);
    expect(!outside.ok && outside.error.message).toMatch(/point 1 \(120, 10\) is outside the 100×100 picture/);
    const flat = checkOutline([[10, 10], [20, 20], [30, 30]], 100, 100);
    expect(!flat.ok && flat.error.message).toMatch(/encloses no area/);
  });

  it('keeps a concave polygon (an L) that does not cross itself', () => {
    const l: Point[] = [[0, 0], [20, 0], [20, 5], [5, 5], [5, 20], [0, 20]];
    expect(checkOutline(l, 100, 100).ok).toBe(true);
    expect(normalizeOutline(l)).toEqual(l);
  });
});
