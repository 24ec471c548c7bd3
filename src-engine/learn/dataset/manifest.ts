// The saved form of a dataset: a versioned JSON manifest (`loupe.dataset/1`)
// naming every sample, its label, split, origin and content hash, and a binary
// pixels file next to it holding each sample's crop followed by its window.
// Pixels stay out of the JSON: base64 or number arrays would triple the size
// and the parse time.
import { z } from 'zod';

export const DATASET_SCHEMA_ID = 'loupe.dataset/1';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 in lower-case hex');
const splitName = z.enum(['train', 'val', 'test']);

const OriginSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('synthetic'), seed: z.number().int(), frame: z.number().int().min(0), part: z.number().int().min(0) }).strict(),
  z.object({ kind: z.literal('folder'), file: z.string().min(1), fileHash: sha256 }).strict(),
  z.object({ kind: z.literal('history'), frameId: z.number().int().positive(), objectId: z.number().int().min(0) }).strict(),
]);

export const ManifestSampleSchema = z
  .object({
    id: z.string().min(1),
    partKey: z.string().min(1),
    label: z.string().min(1),
    defect: z.string().min(1).nullable(),
    split: splitName,
    hash: sha256,
    /** Byte offset of the sample in the pixels file: size² crop bytes, then width × height window bytes. */
    offset: z.number().int().min(0),
    window: z.object({ width: z.number().int().min(1), height: z.number().int().min(1) }).strict(),
    origin: OriginSchema,
  })
  .strict();

const fraction = z.number().min(0).max(1);

export const DatasetManifestSchema = z
  .object({
    schema: z.literal(DATASET_SCHEMA_ID),
    name: z.string().min(1),
    createdAt: z.string().min(1),
    size: z.number().int().min(8).max(1024),
    scale: z.number().positive(),
    labelling: z.enum(['ok-ng', 'defect', 'folder']),
    classes: z.array(z.string().min(1)).refine((c) => new Set(c).size === c.length, { message: 'class names must be unique' }),
    okLabel: z.string().min(1),
    recipe: z.object({ name: z.string().min(1), version: z.number().int().min(1) }).strict(),
    split: z.object({ seed: z.number().int(), fractions: z.object({ train: fraction, val: fraction, test: fraction }).strict() }).strict(),
    /** The pixels file, by name, in the manifest's folder. */
    pixels: z.object({ file: z.string().min(1).regex(/^[^/\\]+$/, 'must be a file name, not a path'), bytes: z.number().int().min(0) }).strict(),
    samples: z.array(ManifestSampleSchema),
  })
  .strict();

export type DatasetManifest = z.infer<typeof DatasetManifestSchema>;
export type ManifestSample = z.infer<typeof ManifestSampleSchema>;
