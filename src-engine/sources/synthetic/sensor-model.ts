// Turns a coverage mask into what a camera would deliver: belt and part gray
// levels, a gentle illumination gradient, a slow sinusoidal lighting drift and
// Gaussian sensor noise. Noise is drawn once into a bank a little larger than
// the frame and each frame takes a window at a random offset: one add instead
// of generating 1.3 M Gaussian samples per frame, and still reproducible.
import { opencv, type Mat } from '../../opencv.js';
import { mulberry32, deriveSeed, type Rng } from './prng.js';

export interface SensorOptions {
  width: number;
  height: number;
  seed: number;
  /** σ of the Gaussian noise, in gray levels. */
  noise: number;
  /** Peak-to-peak drift of the illumination over time, in gray levels. */
  lightingDrift: number;
  beltLevel: number;
  partLevel: number;
}

/** Frames per period of the lighting drift: slow against a run of a few hundred frames. */
const DRIFT_PERIOD_FRAMES = 600;
/** Extra rows and columns of the noise bank; windows start anywhere in this range. */
const BANK_PAD = 64;
/** Noise bank stream number, apart from the per-frame streams. */
const BANK_STREAM = 0xffffffff;

export class SensorModel {
  private readonly bank: Mat | null;

  constructor(private readonly options: SensorOptions) {
    this.bank = options.noise > 0 || options.lightingDrift > 0 ? buildBank(options) : null;
  }

  /** The 8-bit gray image for frame `index` from its coverage mask; `rng` picks the noise window. */
  expose(mask: Mat, index: number, rng: Rng): Mat {
    const cv = opencv();
    const { width, height, beltLevel, partLevel, lightingDrift } = this.options;
    const offset = (lightingDrift / 2) * Math.sin((2 * Math.PI * index) / DRIFT_PERIOD_FRAMES);
    const dx = rng.int(0, BANK_PAD - 1);
    const dy = rng.int(0, BANK_PAD - 1);
    const contrast = (partLevel - beltLevel) / 255;
    if (!this.bank) return mask.convertTo(cv.CV_8U, contrast, beltLevel + offset);
    // One pass, one allocation: gray = contrast·mask + noise window + belt level + drift, saturated to 8 bits.
    const window = this.bank.getRegion(new cv.Rect(dx, dy, width, height));
    return mask.addWeighted(contrast, window, 1, beltLevel + offset, cv.CV_8U);
  }
}

/** Noise plus the static illumination gradient, as 16-bit signed gray offsets. */
function buildBank(options: SensorOptions): Mat {
  const cv = opencv();
  const rng = mulberry32(deriveSeed(options.seed, BANK_STREAM));
  const cols = options.width + BANK_PAD;
  const rows = options.height + BANK_PAD;
  // The gradient spans half the drift across the frame, in a direction fixed by the seed.
  const beta = rng.range(0, 2 * Math.PI);
  const gx = (Math.cos(beta) * options.lightingDrift) / 2 / cols;
  const gy = (Math.sin(beta) * options.lightingDrift) / 2 / rows;
  const values = new Int16Array(rows * cols);
  for (let y = 0, i = 0; y < rows; y++) {
    const rowLight = gy * (y - rows / 2);
    for (let x = 0; x < cols; x++, i++) {
      values[i] = Math.round(options.noise * rng.gaussian() + rowLight + gx * (x - cols / 2));
    }
  }
  return new cv.Mat(Buffer.from(values.buffer), rows, cols, cv.CV_16SC1);
}
