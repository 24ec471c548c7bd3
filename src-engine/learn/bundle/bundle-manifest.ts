// bundle.json: what a trained model expects and promises. Whoever runs the
// model (the engine, on each part's crop) must prepare its input exactly as the
// training crops were prepared, so the input spec records the crop's size,
// channels, scale (crop pixels per native pixel) and normalisation, and a
// loader compares them before the first inference instead of silently feeding
// the model pictures it was never trained on.
import { z } from 'zod';

export const BUNDLE_SCHEMA = 'loupe.model/1';
export const BUNDLE_JSON = 'bundle.json';

export const InputSpecSchema = z
  .object({
    /** Side of the square crop, px. */
    size: z.number().int().min(1).max(4096),
    channels: z.literal(1),
    /** Crop pixels per native pixel: one scale for every part (see dataset/crop.ts). */
    scale: z.number().positive(),
    /** x_model = x_pixel * scale + offset, per pixel, before the model. */
    normalisation: z.object({ scale: z.number(), offset: z.number() }).strict(),
    /** Tensor layout of the input: [batch, size, size, channels]. */
    layout: z.literal('NHWC'),
  })
  .strict();
export type InputSpec = z.infer<typeof InputSpecSchema>;

/** 8-bit grey to [0, 1]: what the trainer feeds. */
export const UNIT_NORMALISATION = { scale: 1 / 255, offset: 0 } as const;

export const BundleManifestSchema = z
  .object({
    schema: z.literal(BUNDLE_SCHEMA),
    name: z.string().min(1),
    runId: z.string().min(1),
    createdAtMs: z.number().int(),
    architecture: z.string().min(1),
    input: InputSpecSchema,
    /** Output index i is classes[i]. */
    classes: z.array(z.string().min(1)).min(2),
    /** The classes that mean a good part; every other class is NG. */
    okClasses: z.array(z.string().min(1)).min(1),
    recipe: z.object({ name: z.string(), version: z.number().int() }).strict(),
    /** Validation figures of the epoch whose weights these are. */
    metrics: z.record(z.string(), z.number()),
    epoch: z.number().int().min(0),
    backend: z.string(),
    /** sha256 of each model file, checked on load. */
    files: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)),
  })
  .strict()
  .refine((m) => m.okClasses.every((c) => m.classes.includes(c)), { message: 'okClasses must be among classes', path: ['okClasses'] });
export type BundleManifest = z.infer<typeof BundleManifestSchema>;
