// What video files and cameras share: an open cv.VideoCapture read frame by
// frame, checked at open by actually decoding a first frame (a garbage file or
// a busy device can "open" and then deliver nothing), optionally rewound at
// the end. Errors are returned as values with the file or device named.
import { opencv, type Mat } from '../opencv.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import type { FrameSource, SourceInfo, SourceItem } from './frame-source.js';

type VideoCapture = InstanceType<ReturnType<typeof opencv>['VideoCapture']>;

export interface CaptureOptions {
  /** What to call the file or device in messages. */
  subject: string;
  /** Open the capture (may throw). */
  open: () => VideoCapture;
  /** Rewind at the end (files only). */
  loop: boolean;
  /** Frame rate to pace to; when undefined, the capture's own rate (or 30 when it reports none). */
  fps?: number;
  kind: SourceInfo['kind'];
  /** Include the capture's frame count in info.length (files only: cameras do not end). */
  countFrames: boolean;
  /** What is wrong when nothing could be read, for the error message. */
  unreadable: string;
}

/** A nominal rate for captures that report none (some containers and cameras report 0). */
const FALLBACK_FPS = 30;

const isEmpty = (mat: Mat | undefined): boolean => !mat || mat.empty || mat.rows === 0 || mat.cols === 0;

export function openCapture(options: CaptureOptions): Result<FrameSource> {
  const cv = opencv();
  let capture: VideoCapture;
  try {
    capture = options.open();
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return fail('bad-source', `${options.subject}: ${options.unreadable} (${reason})`, options.subject);
  }
  let first: Mat;
  try {
    first = capture.read();
  } catch {
    first = new cv.Mat();
  }
  if (isEmpty(first)) {
    capture.release();
    return fail('bad-source', `${options.subject}: ${options.unreadable} (no frame could be decoded)`, options.subject);
  }
  const reported = capture.get(cv.CAP_PROP_FPS);
  const fps = options.fps ?? (Number.isFinite(reported) && reported > 0 && reported <= 240 ? reported : FALLBACK_FPS);
  const frames = capture.get(cv.CAP_PROP_FRAME_COUNT);
  const length = options.countFrames && !options.loop && Number.isFinite(frames) && frames > 0 ? Math.round(frames) : null;
  return ok(new CaptureStream(capture, first, { kind: options.kind, label: options.subject, fps, length }, options.loop));
}

class CaptureStream implements FrameSource {
  private seq = 0;
  private deliveredThisPass = 0;
  private released = false;

  constructor(
    private readonly capture: VideoCapture,
    private pending: Mat | null,
    readonly info: SourceInfo,
    private readonly loop: boolean,
  ) {}

  async next(): Promise<SourceItem | null> {
    if (this.released) return null;
    let image = this.pending;
    this.pending = null;
    if (!image) image = await this.read();
    if (!image && this.loop && this.deliveredThisPass > 0) {
      // A pass that delivered nothing would make looping spin forever; only rewind after a good pass.
      this.deliveredThisPass = 0;
      this.rewind();
      image = await this.read();
    }
    if (!image) return null;
    this.deliveredThisPass++;
    return { kind: 'frame', frame: { seq: this.seq++, timestampMs: Date.now(), image, origin: this.info.label } };
  }

  close(): void {
    if (this.released) return;
    this.released = true;
    this.capture.release();
  }

  private async read(): Promise<Mat | null> {
    try {
      const mat = await this.capture.readAsync();
      return isEmpty(mat) ? null : mat;
    } catch {
      return null; // end of stream or a decoder error at the tail: both end the pass
    }
  }

  private rewind(): void {
    const cv = opencv();
    if (!this.capture.set(cv.CAP_PROP_POS_FRAMES, 0)) this.capture.reset();
  }
}
