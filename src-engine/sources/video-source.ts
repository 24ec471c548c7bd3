// Replays a video file (anything the installed OpenCV's backends can demux and
// decode) at its own rate or a given one, once or in a loop.
import { statSync } from 'node:fs';
import { opencv } from '../opencv.js';
import { fail, type Result } from '../../src-shared/result.js';
import type { VideoSourceSpec } from '../../src-shared/sources.js';
import type { FrameSource } from './frame-source.js';
import { openCapture } from './capture-stream.js';

export function openVideoSource(spec: VideoSourceSpec): Result<FrameSource> {
  const path = spec.path;
  try {
    if (!statSync(path).isFile()) return fail('bad-source', `${path}: not a video file`, path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return fail('not-found', `${path}: no such video file`, path);
    return fail('bad-source', `${path}: cannot be read (${code ?? String(err)})`, path);
  }
  const cv = opencv();
  return openCapture({
    subject: path,
    open: () => new cv.VideoCapture(path),
    loop: spec.loop,
    fps: spec.fps,
    kind: 'video',
    countFrames: true,
    unreadable: 'not a readable video',
  });
}
