// The small JPEG every NG frame carries to the NG strip. Encoded in the frame
// loop for NG frames only, so it must stay cheap: shrunk with bilinear
// interpolation here (measured 0.2 ms for 1280×1024 → 160×128, against 2 ms
// for the area averaging encodePreview picks for big reductions: bilinear
// aliases fine texture, but a thumbnail is for recognising the frame, not
// measuring it), then JPEG-encoded by encodePreview at modest quality.
// See bench/suites/production-line.ts for what it costs per NG frame.
import { opencv, type Mat } from '../opencv.js';
import { encodePreview, fitWithin } from '../preview/encode-preview.js';
import type { NgThumbnail } from '../../src-shared/production-contract.js';

export const NG_THUMBNAIL_BOX = 160;
const NG_THUMBNAIL_QUALITY = 70;

export function encodeNgThumbnail(image: Mat, box = NG_THUMBNAIL_BOX): NgThumbnail {
  if (image.empty) throw new Error('cannot make a thumbnail of an empty image');
  const size = fitWithin(image.cols, image.rows, box, box);
  const small = size.width === image.cols ? image : image.resize(size.height, size.width, 0, 0, opencv().INTER_LINEAR);
  const jpeg = encodePreview(small, { width: size.width, height: size.height, format: 'jpeg', quality: NG_THUMBNAIL_QUALITY });
  return { mime: 'image/jpeg', width: jpeg.width, height: jpeg.height, base64: Buffer.from(jpeg.data).toString('base64') };
}
