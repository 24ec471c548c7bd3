// The native measurement's guards: anything the helper cannot read safely is
// refused with an error naming what was wrong, before any pixel is touched,
// and a refused call leaves the helper working for the next good one.
import { describe, expect, it } from 'vitest';
import { opencv, type Mat } from '../../../src-engine/opencv.js';
import { contourAt, findContoursFlat, nativeHelper } from '../../../src-engine/vision/native-contours.js';
import { histogram8Native, objectGeometryNative } from '../../../src-engine/vision/native-geometry.js';
import type { MeasureContext } from '../../../src-engine/vision/object-geometry.js';
import { contourBox } from '../../../src-engine/vision/measure-object.js';

const cv = opencv();

function scene(): { gray: Mat; mask: Mat; ctx: MeasureContext } {
  const gray = new cv.Mat(120, 160, cv.CV_8UC1, 30);
  gray.drawCircle(new cv.Point2(80, 60), 30, new cv.Vec3(220, 220, 220), -1, cv.LINE_AA);
  const mask = gray.threshold(125, 255, cv.THRESH_BINARY);
  return { gray, mask, ctx: { mask, gray, segGray: gray, polarity: 1, threshold8: 125, offset: [0, 0] } };
}

describe('objectGeometryNative and histogram8Native', () => {
  it('measures a disc as a disc', () => {
    const { mask, ctx } = scene();
    const c = contourAt(findContoursFlat(mask, cv.RETR_CCOMP, cv.CHAIN_APPROX_SIMPLE), 0);
    const g = objectGeometryNative(c, contourBox(c), [], ctx);
    expect(g.subpixel).toBe(true);
    expect(g.area / (Math.PI * 30 * 30)).toBeCloseTo(1, 1);
    expect(g.centroid[0]).toBeCloseTo(80, 0);
    expect(g.outline.length).toBeGreaterThan(8);
  });

  it('refuses a mask or gray that is not a cv.Mat, or not 8-bit one-channel, and keeps working', () => {
    const { mask, ctx } = scene();
    const c = contourAt(findContoursFlat(mask, cv.RETR_CCOMP, cv.CHAIN_APPROX_SIMPLE), 0);
    const box = contourBox(c);
    expect(() => objectGeometryNative(c, box, [], { ...ctx, gray: {} as Mat })).toThrow(TypeError);
    const colour = ctx.gray.cvtColor(cv.COLOR_GRAY2BGR);
    expect(() => objectGeometryNative(c, box, [], { ...ctx, gray: colour, segGray: colour })).toThrow(/8-bit one-channel Mats of one size/);
    const small = new cv.Mat(10, 10, cv.CV_8UC1, 0);
    expect(() => objectGeometryNative(c, box, [], { ...ctx, segGray: small })).toThrow(/of one size/);
    expect(objectGeometryNative(c, box, [], ctx).subpixel).toBe(true);
  });

  it('refuses a box outside the mask and contour ranges outside the points', () => {
    const { mask, gray, ctx } = scene();
    const flat = findContoursFlat(mask, cv.RETR_CCOMP, cv.CHAIN_APPROX_SIMPLE);
    const c = contourAt(flat, 0);
    expect(() => objectGeometryNative(c, { minX: 0, minY: 0, maxX: 500, maxY: 10 }, [], ctx)).toThrow(/box lies outside the mask/);
    const out = new Float64Array(1024);
    const spec = Int32Array.from([10, 10, 20, 20, 1, 0, 5, 0]);
    const points = new Int32Array(8); // four points: the range 0..5 reaches past them
    expect(() => nativeHelper().measureObject(mask, gray, gray, spec, 125, points, out)).toThrow(/outer contour's range/);
    expect(() => nativeHelper().measureObject(mask, gray, gray, Int32Array.from([10, 10, 20, 20, 1, 0, 2, 1]), 125, points, out)).toThrow(/spec has the wrong length/);
    expect(() => nativeHelper().measureObject(mask, gray, gray, Int32Array.from([10, 10, 20, 20, 1, 0, 2, -1]), 125, points, out)).toThrow(/spec has the wrong length/);
    expect(() => nativeHelper().measureObject(mask, gray, gray, Int32Array.from([10, 10, 20, 20, 1, 0, 2, 1, 3, 9]), 125, points, out)).toThrow(/a hole's range/);
    expect(objectGeometryNative(c, contourBox(c), [], ctx).subpixel).toBe(true);
  });

  it('refuses a histogram of anything but an 8-bit one-channel cv.Mat', () => {
    const { gray } = scene();
    expect(() => histogram8Native({} as Mat)).toThrow(TypeError);
    expect(() => histogram8Native(gray.cvtColor(cv.COLOR_GRAY2BGR))).toThrow(/8-bit one-channel Mat/);
    expect(histogram8Native(gray).reduce((a, b) => a + b, 0)).toBe(120 * 160);
  });
});
