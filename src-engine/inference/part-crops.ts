// The model's input for every part of a live frame, prepared exactly as the
// training crops were (the same part window and the same fixed-scale crop), so
// the model sees on the line what it saw in training.
import type { Mat } from '../opencv.js';
import type { ObjectResult } from '../../src-shared/inspection.js';
import type { ImageChannel } from '../../src-shared/recipe.js';
import { toGray8 } from '../vision/to-gray8.js';
import { partWindow } from '../learn/dataset/part-window.js';
import { cropPart } from '../learn/dataset/crop.js';
import type { InputSpec } from '../learn/bundle/bundle-manifest.js';

/** Every object's crop, normalised, packed [n, size, size, 1] for one forward pass. */
export function partCrops(image: Mat, channel: ImageChannel, objects: readonly Pick<ObjectResult, 'bbox' | 'centroid'>[], input: InputSpec): Float32Array {
  const { size, scale, normalisation } = input;
  const out = new Float32Array(objects.length * size * size);
  if (objects.length === 0) return out;
  const g = toGray8(image, channel);
  try {
    objects.forEach((object, i) => {
      const part = partWindow(g.gray, object);
      const crop = cropPart(part.window, part.centre, scale, size);
      const base = i * size * size;
      for (let j = 0; j < crop.length; j++) out[base + j] = crop[j] * normalisation.scale + normalisation.offset;
    });
  } finally {
    if (g.owned) g.gray.release();
  }
  return out;
}
