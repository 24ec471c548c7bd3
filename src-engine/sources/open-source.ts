// The one entry point that turns a source description into a running source:
// the run loop opens a SourceSpec, the CLI opens whatever path it was given.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { fail, ok, type Result } from '../../src-shared/result.js';
import { SourceSpecSchema, type SourceSpec, type SourceSpecInput } from '../../src-shared/sources.js';
import { describeIssues } from '../../src-shared/recipe.js';
import { OpenCVUnavailableError } from '../opencv.js';
import type { FrameSource } from './frame-source.js';
import { SyntheticLine } from './synthetic/synthetic-line.js';
import { openFolderSource } from './folder-source.js';
import { openVideoSource } from './video-source.js';
import { openCameraSource } from './camera-source.js';
import { openImageFileSource } from './image-file-source.js';
import { hasImageExtension, sniffImageFormat } from '../images/image-format.js';

/** Opens a source from its description (validated here too: specs arrive from files and the UI). */
export function openSource(input: SourceSpecInput): Result<FrameSource> {
  const parsed = SourceSpecSchema.safeParse(input);
  if (!parsed.success) return fail('bad-source', `invalid source: ${describeIssues(parsed.error)}`);
  return guarded(parsed.data, () => dispatch(parsed.data));
}

function dispatch(spec: SourceSpec): Result<FrameSource> {
  switch (spec.kind) {
    case 'synthetic':
      return ok(new SyntheticLine(spec));
    case 'folder':
      return openFolderSource(spec);
    case 'video':
      return openVideoSource(spec);
    case 'camera':
      return openCameraSource(spec);
  }
}

export interface PathSourceOptions {
  /** Replay rate for folders (default 10) and videos (default: the file's own rate). */
  fps?: number;
  loop?: boolean;
}

/** A folder → folder replay, an image file → one frame, anything else → video file. */
export function openPathSource(path: string, options: PathSourceOptions = {}): Result<FrameSource> {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return fail('not-found', `${path}: no such file or folder`, path);
    return fail('bad-source', `${path}: cannot be read (${code ?? String(err)})`, path);
  }
  const loop = options.loop ?? false;
  if (isDirectory) return openSource({ kind: 'folder', path, fps: options.fps ?? 10, loop });
  // The magic bytes win over the name, so a mislabelled image still opens as one.
  if (looksLikeImage(path) || hasImageExtension(path)) return guarded(null, () => openImageFileSource(path, options.fps ?? 1));
  return openSource({ kind: 'video', path, fps: options.fps, loop });
}

function looksLikeImage(path: string): boolean {
  const head = new Uint8Array(8);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const n = readSync(fd, head, 0, head.length, 0);
    return sniffImageFormat(head.subarray(0, n)) !== null;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Runs an opener, turning a missing OpenCV (or any unexpected throw) into an error value naming the source. */
function guarded(spec: SourceSpec | null, open: () => Result<FrameSource>): Result<FrameSource> {
  try {
    return open();
  } catch (err) {
    if (err instanceof OpenCVUnavailableError) return fail('opencv-unavailable', err.message);
    const what = spec ? `${spec.kind} source` : 'source';
    return fail('internal', `could not open the ${what}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
