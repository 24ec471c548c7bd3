// Every pipeline step after this one works on 8-bit single-channel gray, so the
// thresholds, intensities and the sub-pixel estimator see one kind of image no
// matter what the camera or file delivered.
//
// 16-bit input: machine-vision cameras put 10-, 12- or 14-bit samples into
// 16-bit containers, so dividing by 65535 would leave a 12-bit image at 1/16 of
// the gray range, while stretching each frame to its own maximum would make the
// same part look brighter or darker from frame to frame (and a fixed threshold
// mean something different every time). We take the middle road: the frame's
// maximum tells which of the common sample depths (10, 12, 14, 16 bits) it fits
// in, and the image is scaled by 255 / (2^bits − 1). A 12-bit camera therefore
// maps 4095 → 255 on every frame whose brightest pixel is above 1023; only an
// almost black frame (max < 1024) is read as 10-bit. Frames with max ≤ 255 are
// taken as 8-bit data stored in 16 bits and not scaled.
import { opencv, type Mat } from '../opencv.js';
import type { ImageChannel } from '../../src-shared/recipe.js';

export interface Gray8 {
  /** 8-bit, one channel. May be the input Mat itself when it already is 8-bit gray: do not release it then. */
  gray: Mat;
  /** True when `gray` is a new Mat the caller owns. */
  owned: boolean;
  /** Multiply an input-unit level by this to get the 8-bit level (1 for 8-bit input). */
  scale: number;
  /** Sample depth the input was read as (8, 10, 12, 14 or 16). */
  bits: number;
}

const SAMPLE_DEPTHS = [10, 12, 14, 16];

/** Bit depth a 16-bit frame's samples fit in, from its brightest pixel. */
export function sampleBitsFor(maxValue: number): number {
  if (maxValue <= 255) return 8;
  for (const bits of SAMPLE_DEPTHS) if (maxValue <= 2 ** bits - 1) return bits;
  return 16;
}

/**
 * Converts an 8/16-bit, 1/3 (BGR)/4 (BGRA) channel image to one 8-bit plane: gray
 * by default, or the recipe's chosen channel of a colour image. Throws on other
 * depths or channel counts.
 */
export function toGray8(image: Mat, channel: ImageChannel = 'gray'): Gray8 {
  const cv = opencv();
  if (image.empty) throw new Error('image is empty');
  const depth = image.depth;
  if (depth !== cv.CV_8U && depth !== cv.CV_16U) {
    throw new Error(`unsupported image depth ${depth}: Loupe inspects 8- or 16-bit unsigned images`);
  }
  let gray: Mat;
  let owned = true;
  switch (image.channels) {
    case 1:
      gray = image;
      owned = false;
      break;
    case 3:
    case 4:
      gray = extractPlane(image, channel);
      break;
    default:
      throw new Error(`unsupported channel count ${image.channels}: expected 1 (gray), 3 (BGR) or 4 (BGRA)`);
  }
  if (depth === cv.CV_8U) return { gray, owned, scale: 1, bits: 8 };

  const { maxVal } = gray.minMaxLoc();
  const bits = sampleBitsFor(maxVal);
  const scale = bits === 8 ? 1 : 255 / (2 ** bits - 1);
  const gray8 = gray.convertTo(cv.CV_8U, scale);
  if (owned) gray.release();
  return { gray: gray8, owned: true, scale, bits };
}

/** One plane of a BGR(A) image; HSV planes are computed at the image's own depth. */
function extractPlane(image: Mat, channel: ImageChannel): Mat {
  const cv = opencv();
  const bgra = image.channels === 4;
  switch (channel) {
    case 'gray':
      return image.cvtColor(bgra ? cv.COLOR_BGRA2GRAY : cv.COLOR_BGR2GRAY);
    case 'blue':
    case 'green':
    case 'red':
      return image.splitChannels()[{ blue: 0, green: 1, red: 2 }[channel]];
    case 'saturation':
    case 'value': {
      const bgr = bgra ? image.cvtColor(cv.COLOR_BGRA2BGR) : image;
      // OpenCV's HSV conversion takes 8-bit or float input; 16-bit goes through float and back.
      const hsv = bgr.depth === cv.CV_8U ? bgr.cvtColor(cv.COLOR_BGR2HSV) : bgr.convertTo(cv.CV_32F).cvtColor(cv.COLOR_BGR2HSV);
      const plane = hsv.splitChannels()[channel === 'saturation' ? 1 : 2];
      if (bgr.depth === cv.CV_8U) return plane;
      // Float HSV: saturation is 0..1, value keeps the input's range.
      return channel === 'saturation' ? plane.convertTo(cv.CV_16U, 65535) : plane.convertTo(cv.CV_16U);
    }
  }
}
