// A small labelled folder drawn with OpenCV, with verdicts the default recipe
// is known to give: good/ holds an OK disc and an OK washer (a ring: its hole
// must survive into the COCO export), defect_x/ an undersized disc (NG) and a
// JPEG cut short (unreadable).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { opencv } from '../../../src-engine/opencv.js';

export const WASHER = { cx: 100, cy: 100, outer: 42, inner: 17 };

function picture(path: string, draw: (mat: ReturnType<typeof blank>) => void): void {
  const mat = blank();
  draw(mat);
  opencv().imwrite(path, mat);
}

function blank() {
  const cv = opencv();
  return new cv.Mat(200, 200, cv.CV_8UC1, 0);
}

function disc(mat: ReturnType<typeof blank>, radius: number, value: number): void {
  const cv = opencv();
  mat.drawCircle(new cv.Point2(100, 100), radius, new cv.Vec3(value, value, value), -1, cv.LINE_AA);
}

/** Writes the folder under `root` and returns it. */
export function writeLabelledFolder(root: string): string {
  mkdirSync(join(root, 'good'), { recursive: true });
  mkdirSync(join(root, 'defect_x'), { recursive: true });
  picture(join(root, 'good', 'disc.png'), (m) => disc(m, 32, 220));
  picture(join(root, 'good', 'washer.png'), (m) => {
    disc(m, WASHER.outer, 220);
    disc(m, WASHER.inner, 0);
  });
  picture(join(root, 'defect_x', 'small.png'), (m) => disc(m, 20, 220));
  picture(join(root, 'defect_x', 'whole.jpg'), (m) => disc(m, 32, 220));
  const jpeg = readFileSync(join(root, 'defect_x', 'whole.jpg'));
  writeFileSync(join(root, 'defect_x', 'cut.jpg'), jpeg.subarray(0, Math.floor(jpeg.length / 2)));
  return root;
}
