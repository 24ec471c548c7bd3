// A live camera: a device index (V4L2 and friends) or a GStreamer pipeline
// string ending in appsink. Checked at open by grabbing a first frame, so a
// missing, busy or mis-configured camera is reported before the run starts.
import { opencv } from '../opencv.js';
import { fail, type Result } from '../../src-shared/result.js';
import type { CameraSourceSpec } from '../../src-shared/sources.js';
import type { FrameSource } from './frame-source.js';
import { openCapture } from './capture-stream.js';
import { probeGStreamerPipeline } from './gstreamer-probe.js';

/** True when this OpenCV build has the GStreamer video I/O backend. */
export function hasGStreamer(): boolean {
  const info = opencv().getBuildInformation();
  return /GStreamer:\s*YES/i.test(info);
}

export function describeDevice(device: number | string): string {
  return typeof device === 'number' ? `camera ${device}` : `GStreamer pipeline "${device}"`;
}

export function openCameraSource(spec: CameraSourceSpec): Result<FrameSource> {
  const cv = opencv();
  const subject = describeDevice(spec.device);
  if (typeof spec.device === 'string' && !hasGStreamer()) {
    return fail('bad-source', `${subject}: this OpenCV build has no GStreamer support, so pipeline strings cannot be opened; use a device index`, subject);
  }
  if (typeof spec.device === 'string') {
    const problem = probeGStreamerPipeline(spec.device);
    if (problem) return fail('bad-source', `${subject}: ${problem}`, subject);
  }
  return openCapture({
    subject,
    open: () => {
      const capture = typeof spec.device === 'string' ? new cv.VideoCapture(spec.device, cv.CAP_GSTREAMER) : new cv.VideoCapture(spec.device);
      // Requests, not guarantees: drivers pick the nearest mode they support.
      if (spec.width) capture.set(cv.CAP_PROP_FRAME_WIDTH, spec.width);
      if (spec.height) capture.set(cv.CAP_PROP_FRAME_HEIGHT, spec.height);
      if (spec.fps) capture.set(cv.CAP_PROP_FPS, spec.fps);
      return capture;
    },
    loop: false,
    fps: spec.fps,
    kind: 'camera',
    countFrames: false,
    unreadable: 'cannot be opened (is it connected, free and readable?)',
  });
}
