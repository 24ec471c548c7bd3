// Where frames come from. The engine opens exactly one source at a time.
import { z } from 'zod';

const fps = z.number().positive().max(240);

export const SyntheticSourceSchema = z
  .object({
    kind: z.literal('synthetic'),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
    width: z.number().int().min(64).max(8192).default(1280),
    height: z.number().int().min(64).max(8192).default(1024),
    fps: fps.default(30),
    /** Parts per frame, on average. */
    partsPerFrame: z.number().int().min(0).max(200).default(12),
    /** Share of parts drawn with a defect (0..1). */
    defectRate: z.number().min(0).max(1).default(0.15),
    /** Std-dev of the Gaussian sensor noise, in gray levels. */
    noise: z.number().min(0).max(50).default(3),
    /** Peak-to-peak slow drift of the illumination, in gray levels. */
    lightingDrift: z.number().min(0).max(100).default(12),
    /** Stop after this many frames (0 = endless). */
    frames: z.number().int().min(0).default(0),
  })
  .strict();

export const FolderSourceSchema = z
  .object({
    kind: z.literal('folder'),
    path: z.string().min(1).max(4096),
    fps: fps.default(10),
    loop: z.boolean().default(false),
  })
  .strict();

export const VideoSourceSchema = z
  .object({
    kind: z.literal('video'),
    path: z.string().min(1).max(4096),
    /** Replay rate; omitted means the file's own rate. */
    fps: fps.optional(),
    loop: z.boolean().default(false),
  })
  .strict();

export const CameraSourceSchema = z
  .object({
    kind: z.literal('camera'),
    /** A device index, or a GStreamer pipeline string ending in appsink. */
    device: z.union([z.number().int().min(0).max(63), z.string().min(1).max(2000)]),
    width: z.number().int().min(16).max(8192).optional(),
    height: z.number().int().min(16).max(8192).optional(),
    fps: fps.optional(),
  })
  .strict();

export const SourceSpecSchema = z.discriminatedUnion('kind', [
  SyntheticSourceSchema,
  FolderSourceSchema,
  VideoSourceSchema,
  CameraSourceSchema,
]);
export type SourceSpec = z.infer<typeof SourceSpecSchema>;
export type SourceSpecInput = z.input<typeof SourceSpecSchema>;
export type SyntheticSourceSpec = z.infer<typeof SyntheticSourceSchema>;
export type FolderSourceSpec = z.infer<typeof FolderSourceSchema>;
export type VideoSourceSpec = z.infer<typeof VideoSourceSchema>;
export type CameraSourceSpec = z.infer<typeof CameraSourceSchema>;

export const DEFAULT_SOURCE: SourceSpecInput = { kind: 'synthetic', seed: 1 };
