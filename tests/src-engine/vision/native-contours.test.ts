// The native contour helper must give exactly what opencv4nodejs's findContours
// gives (points, hierarchy, areas, closed perimeters), read the Mat in place
// without changing it, and refuse anything that is not an 8-bit one-channel Mat.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { opencv, type Mat } from '../../../src-engine/opencv.js';
import { contourAt, findContoursFlat, loadNativeContours, NativeHelperUnavailableError } from '../../../src-engine/vision/native-contours.js';
import { requireRealImagesDir } from '../../shared-data.js';

const cv = opencv();

/** The same contours through opencv4nodejs, in the helper's shapes. Its Vec4 is (w, x, y, z) = (next, previous, child, parent). */
function viaBinding(mask: Mat, mode: number) {
  return mask.findContours(mode, cv.CHAIN_APPROX_SIMPLE).map((c) => ({
    points: c.getPoints().flatMap((p) => [p.x, p.y]),
    area: c.area,
    perimeter: c.arcLength(true),
    links: [c.hierarchy.w, c.hierarchy.x, c.hierarchy.y, c.hierarchy.z],
  }));
}

function masksOf(file: string): Mat[] {
  const gray = cv.imread(join(requireRealImagesDir(), file), cv.IMREAD_GRAYSCALE);
  return [gray.threshold(0, 255, cv.THRESH_BINARY | cv.THRESH_OTSU), gray.threshold(0, 255, cv.THRESH_BINARY_INV | cv.THRESH_OTSU)];
}

describe('findContoursFlat', () => {
  it.each(['coins.png', 'beads.jpg', 'shapes-01.jpg', 'hazelnut_crack.jpg'])('matches opencv4nodejs on %s, holes and hierarchy included', (file) => {
    for (const mask of masksOf(file)) {
      const before = mask.getData();
      for (const mode of [cv.RETR_CCOMP, cv.RETR_EXTERNAL]) {
        const expected = viaBinding(mask, mode);
        const flat = findContoursFlat(mask, mode, cv.CHAIN_APPROX_SIMPLE);
        expect(flat.count).toBe(expected.length);
        expect(flat.count).toBeGreaterThan(0);
        for (let i = 0; i < flat.count; i++) {
          const c = contourAt(flat, i);
          expect([...c.points], `${file} contour ${i}`).toEqual(expected[i].points);
          expect(c.area).toBe(expected[i].area);
          expect(c.perimeter).toBe(expected[i].perimeter);
          expect([...flat.hierarchy.subarray(4 * i, 4 * i + 4)]).toEqual(expected[i].links);
          expect(c.parent).toBe(expected[i].links[3]);
        }
      }
      expect(mask.getData().equals(before)).toBe(true); // read in place, never written
    }
  });

  it('finds nothing in an empty image', () => {
    const flat = findContoursFlat(new cv.Mat(64, 64, cv.CV_8UC1, 0), cv.RETR_CCOMP, cv.CHAIN_APPROX_SIMPLE);
    expect(flat.count).toBe(0);
    expect(flat.points.length).toBe(0);
    expect([...flat.offsets]).toEqual([0]);
  });

  it('refuses what is not an 8-bit one-channel Mat, with a clear error, and keeps working', () => {
    expect(() => findContoursFlat({} as Mat, cv.RETR_CCOMP, cv.CHAIN_APPROX_SIMPLE)).toThrow(/expected a cv\.Mat/);
    expect(() => findContoursFlat(new cv.Mat(8, 8, cv.CV_8UC3, [0, 0, 0]), cv.RETR_CCOMP, cv.CHAIN_APPROX_SIMPLE)).toThrow(/8-bit one-channel/);
    expect(() => findContoursFlat(new cv.Mat(8, 8, cv.CV_16UC1, 0), cv.RETR_CCOMP, cv.CHAIN_APPROX_SIMPLE)).toThrow(/8-bit one-channel/);
    // An OpenCV error inside the helper is a JS error, not a crash.
    expect(() => findContoursFlat(new cv.Mat(8, 8, cv.CV_8UC1, 0), 99, cv.CHAIN_APPROX_SIMPLE)).toThrow(/findContours: .*FindContours/);
    const square = new cv.Mat(32, 32, cv.CV_8UC1, 0);
    square.drawRectangle(new cv.Rect(8, 8, 10, 10), new cv.Vec3(255, 255, 255), -1);
    const flat = findContoursFlat(square, cv.RETR_EXTERNAL, cv.CHAIN_APPROX_SIMPLE);
    expect(flat.count).toBe(1);
    expect(flat.areas[0]).toBe(81); // a filled 10×10 square's contour runs through pixel centres: 9×9
  });

  it('says what to run when the helper is not built', () => {
    const load = () => loadNativeContours('/nonexistent/loupe_contours.node');
    expect(load).toThrow(NativeHelperUnavailableError);
    expect(load).toThrow(/native contour helper could not be loaded \(Cannot find module.*\); run `npm run setup`/);
  });
});
