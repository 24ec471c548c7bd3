// The recipe: a versioned JSON document holding the pipeline parameters and the
// tolerance bands that turn measurements into OK/NG. Validated on every load,
// because recipes are files people edit by hand.
import { z } from 'zod';
import { OBJECT_METRIC_NAMES, FRAME_METRIC_NAMES } from './metrics.js';

export const RECIPE_SCHEMA_ID = 'loupe.recipe/1';

const oddKernel = z
  .number()
  .int()
  .min(1)
  .max(99)
  .refine((k) => k % 2 === 1, { message: 'must be an odd number of pixels' });

export const BandSchema = z
  .object({ min: z.number().finite().optional(), max: z.number().finite().optional() })
  .strict()
  .refine((b) => b.min === undefined || b.max === undefined || b.min <= b.max, { message: 'min must not exceed max' });
export type Band = z.infer<typeof BandSchema>;

const objectMetricEnum = z.enum(OBJECT_METRIC_NAMES as [string, ...string[]]);
const frameMetricEnum = z.enum(FRAME_METRIC_NAMES as [string, ...string[]]);

export const ObjectTolerancesSchema = z.partialRecord(objectMetricEnum, BandSchema);
export const FrameTolerancesSchema = z.partialRecord(frameMetricEnum, BandSchema);

export const PipelineSchema = z
  .object({
    /**
     * The image plane the pipeline segments. `gray` is luminance; `saturation`
     * separates coloured parts from a white or gray background whatever their
     * brightness; `value` is HSV's max(B,G,R); the colour planes suit filtered
     * lighting. Single-channel images are always read as gray.
     */
    channel: z.enum(['gray', 'saturation', 'value', 'red', 'green', 'blue']).default('gray'),
    /** Objects brighter than the background (false) or darker (true). */
    invert: z.boolean().default(false),
    blur: z
      .object({ kind: z.enum(['none', 'gaussian', 'median']).default('none'), kernel: oddKernel.default(3) })
      .strict()
      .default({ kind: 'none', kernel: 3 }),
    threshold: z
      .discriminatedUnion('method', [
        z.object({ method: z.literal('fixed'), value: z.number().min(0).max(65535) }).strict(),
        z.object({ method: z.literal('otsu') }).strict(),
        z
          .object({
            method: z.literal('adaptive'),
            blockSize: oddKernel.refine((k) => k >= 3, { message: 'must be at least 3' }),
            offset: z.number().min(-255).max(255),
          })
          .strict(),
      ])
      .default({ method: 'otsu' }),
    morphology: z
      .object({ op: z.enum(['none', 'open', 'close']).default('none'), kernel: oddKernel.default(3), iterations: z.number().int().min(1).max(10).default(1) })
      .strict()
      .default({ op: 'none', kernel: 3, iterations: 1 }),
    roi: z
      .object({ x: z.number().int().min(0), y: z.number().int().min(0), width: z.number().int().min(1), height: z.number().int().min(1) })
      .strict()
      .nullable()
      .default(null),
    /** Smaller blobs are noise, not parts (px²). */
    minArea: z.number().min(0).default(50),
    /** Objects cut by the image or ROI border cannot be measured whole. */
    ignoreBorderObjects: z.boolean().default(true),
  })
  .strict();
export type PipelineParams = z.infer<typeof PipelineSchema>;
export type ImageChannel = PipelineParams['channel'];

export const PartClassSchema = z
  .object({
    name: z.string().min(1).max(64),
    /** Loose bands that say which objects are this part. */
    identify: ObjectTolerancesSchema,
    /** Tight bands an object of this part must meet to be OK. */
    tolerances: ObjectTolerancesSchema,
  })
  .strict();
export type PartClass = z.infer<typeof PartClassSchema>;

export const RecipeSchema = z
  .object({
    schema: z.literal(RECIPE_SCHEMA_ID),
    name: z.string().min(1).max(128),
    /** Bumped each time the recipe is saved; results record the version they were judged by. */
    version: z.number().int().min(1),
    description: z.string().max(2000).default(''),
    pipeline: PipelineSchema,
    calibration: z.object({ mmPerPixel: z.number().positive().nullable().default(null) }).strict().default({ mmPerPixel: null }),
    /** Bands for every object when no part classes are given, or in addition to them. */
    tolerances: ObjectTolerancesSchema.default({}),
    /** Part classes: each object is identified as one and judged by its bands; objects that match none are NG. */
    parts: z.array(PartClassSchema).max(32).default([]),
    frameTolerances: FrameTolerancesSchema.default({}),
  })
  .strict();
export type Recipe = z.infer<typeof RecipeSchema>;
export type RecipeInput = z.input<typeof RecipeSchema>;

/** Formats zod issues as `path: message` lines, so a person can find the bad field in the file. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');
}
