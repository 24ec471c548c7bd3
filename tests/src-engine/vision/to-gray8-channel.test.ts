// The recipe's image plane: a coloured part on a white background is faint in
// gray but stands out in saturation; single-channel images ignore the choice.
import { describe, expect, it } from 'vitest';
import { opencv } from '../../../src-engine/opencv.js';
import { toGray8 } from '../../../src-engine/vision/to-gray8.js';

const cv = opencv();

function yellowSquareOnWhite(depth: 'u8' | 'u16') {
  const img = new cv.Mat(100, 100, cv.CV_8UC3, [255, 255, 255]);
  img.drawRectangle(new cv.Rect(30, 30, 40, 40), new cv.Vec3(150, 235, 250), -1); // BGR pale yellow
  return depth === 'u8' ? img : img.convertTo(cv.CV_16UC3, 257);
}

describe('toGray8 channel selection', () => {
  it('shows a light coloured part strongly in saturation and weakly in gray', () => {
    const img = yellowSquareOnWhite('u8');
    const gray = toGray8(img, 'gray').gray;
    const sat = toGray8(img, 'saturation').gray;
    expect(Math.abs(gray.at(50, 50) - gray.at(5, 5))).toBeLessThan(30);
    expect(sat.at(5, 5)).toBe(0);
    expect(sat.at(50, 50)).toBeGreaterThan(90);
  });

  it('picks colour planes by name (BGR order inside OpenCV)', () => {
    const img = yellowSquareOnWhite('u8');
    expect(toGray8(img, 'blue').gray.at(50, 50)).toBe(150);
    expect(toGray8(img, 'green').gray.at(50, 50)).toBe(235);
    expect(toGray8(img, 'red').gray.at(50, 50)).toBe(250);
    expect(toGray8(img, 'value').gray.at(50, 50)).toBe(250);
  });

  it('handles 16-bit colour in the HSV planes', () => {
    const sat = toGray8(yellowSquareOnWhite('u16'), 'saturation');
    expect(sat.gray.type).toBe(cv.CV_8UC1);
    expect(sat.gray.at(5, 5)).toBe(0);
    expect(sat.gray.at(50, 50)).toBeGreaterThan(90);
  });

  it('reads single-channel images as gray whatever the channel', () => {
    const img = new cv.Mat(10, 10, cv.CV_8UC1, 77);
    expect(toGray8(img, 'saturation').gray.at(0, 0)).toBe(77);
  });
});
