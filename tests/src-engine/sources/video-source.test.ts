// Video files and cameras share the capture code. No camera exists on the test
// machines, so the shared code is exercised with a video this test writes
// itself (MJPG in .avi) and reads back; the camera is tested on its error paths.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { opencv } from '../../../src-engine/opencv.js';
import { openVideoSource } from '../../../src-engine/sources/video-source.js';
import { hasGStreamer, openCameraSource } from '../../../src-engine/sources/camera-source.js';
import { probeGStreamerPipeline } from '../../../src-engine/sources/gstreamer-probe.js';
import type { Frame, FrameSource } from '../../../src-engine/sources/frame-source.js';
import { makeTempDir } from './temp-dir.js';

const tmp = makeTempDir('video-source');
afterAll(() => tmp.remove());

const FRAMES = 12;
const FPS = 15;
const [W, H] = [160, 120];
let clip: string;

/** Frame k: gray level 20k with a bright square whose position also encodes k. */
function levelOf(k: number): number {
  return 20 * k;
}

beforeAll(() => {
  const cv = opencv();
  clip = tmp.path('clip.avi');
  const writer = new cv.VideoWriter(clip, cv.VideoWriter.fourcc('MJPG'), FPS, new cv.Size(W, H), true);
  for (let k = 0; k < FRAMES; k++) {
    const frame = new cv.Mat(H, W, cv.CV_8UC3, [levelOf(k), levelOf(k), levelOf(k)]);
    frame.drawRectangle(new cv.Rect(10 * k, 40, 16, 16), new cv.Vec3(255, 255, 255), -1);
    writer.write(frame);
  }
  writer.release();
});

async function frames(source: FrameSource, max: number): Promise<Frame[]> {
  const out: Frame[] = [];
  for (let i = 0; i < max; i++) {
    const item = await source.next();
    if (!item) break;
    if (item.kind === 'frame') out.push(item.frame);
  }
  return out;
}

/** Mean gray of the frame's left strip, away from the moving square. */
const background = (f: Frame): number => f.image.getRegion(new (opencv().Rect)(0, 0, W, 30)).mean().w;
/** x of the bright square's left edge. */
const squareX = (f: Frame): number => {
  const cv = opencv();
  const row = f.image.getRegion(new cv.Rect(0, 48, W, 1)).cvtColor(cv.COLOR_BGR2GRAY);
  const values = Array.from(row.getData());
  return values.findIndex((v) => v > 240);
};

describe('openVideoSource', () => {
  it('reads back every frame the writer wrote, in order, at the file rate', async () => {
    const opened = openVideoSource({ kind: 'video', path: clip, loop: false });
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    const source = opened.value;
    expect(source.info).toMatchObject({ kind: 'video', fps: FPS, length: FRAMES, label: clip });
    const got = await frames(source, 100);
    expect(got).toHaveLength(FRAMES);
    expect(got.map((f) => f.seq)).toEqual([...Array(FRAMES).keys()]);
    got.forEach((f, k) => {
      expect([f.image.cols, f.image.rows, f.image.channels]).toEqual([W, H, 3]);
      expect(Math.abs(background(f) - levelOf(k))).toBeLessThan(3); // MJPG is lossy, but not by much
      expect(Math.abs(squareX(f) - 10 * k)).toBeLessThanOrEqual(1);
    });
    expect(await source.next()).toBeNull();
    source.close();
  });

  it('loops from the first frame, and a given fps overrides the file rate', async () => {
    const opened = openVideoSource({ kind: 'video', path: clip, loop: true, fps: 2 });
    if (!opened.ok) throw new Error(opened.error.message);
    expect(opened.value.info).toMatchObject({ fps: 2, length: null });
    const got = await frames(opened.value, FRAMES * 2 + 3);
    expect(got).toHaveLength(FRAMES * 2 + 3);
    expect(got.map((f) => Math.round(background(f) / 20))).toEqual([...Array(FRAMES * 2 + 3).keys()].map((i) => i % FRAMES));
    expect(got.at(-1)?.seq).toBe(FRAMES * 2 + 2);
    opened.value.close();
    expect(await opened.value.next()).toBeNull();
  });

  it('refuses a missing file as not found', () => {
    const path = tmp.path('missing.avi');
    const opened = openVideoSource({ kind: 'video', path, loop: false });
    expect(!opened.ok && opened.error).toMatchObject({ code: 'not-found', subject: path });
  });

  it.each([
    ['random bytes', 'garbage.avi', () => randomBytes(64 * 1024)],
    ['text', 'notes.mp4', () => Buffer.from('this is not a video\n'.repeat(100))],
    ['an empty file', 'empty.mkv', () => Buffer.alloc(0)],
    ['half a video header', 'cut.avi', () => Buffer.from('RIFF\x00\x10\x00\x00AVI LIST')],
  ])('refuses %s with a clear error naming the file', (_what, name, bytes) => {
    const path = tmp.path(name);
    writeFileSync(path, bytes());
    const opened = openVideoSource({ kind: 'video', path, loop: false });
    expect(opened.ok).toBe(false);
    if (opened.ok) return;
    expect(opened.error.code).toBe('bad-source');
    expect(opened.error.subject).toBe(path);
    expect(opened.error.message).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not a readable video`));
  });

  it('still reads a good video right after refusing a bad one', async () => {
    const bad = tmp.path('bad-then-good.avi');
    writeFileSync(bad, randomBytes(1024));
    expect(openVideoSource({ kind: 'video', path: bad, loop: false }).ok).toBe(false);
    const good = openVideoSource({ kind: 'video', path: clip, loop: false });
    if (!good.ok) throw new Error(good.error.message);
    expect(await frames(good.value, 100)).toHaveLength(FRAMES);
  });
});

describe('openCameraSource', () => {
  it('refuses a device that does not exist, naming it', () => {
    const opened = openCameraSource({ kind: 'camera', device: 63 });
    expect(opened.ok).toBe(false);
    if (opened.ok) return;
    expect(opened.error).toMatchObject({ code: 'bad-source', subject: 'camera 63' });
    expect(opened.error.message).toMatch(/^camera 63: cannot be opened/);
  });

  it('refuses a GStreamer pipeline it cannot run, saying why', () => {
    const pipeline = 'nonexistentelement ! appsink';
    const opened = openCameraSource({ kind: 'camera', device: pipeline });
    expect(opened.ok).toBe(false);
    if (opened.ok) return;
    expect(opened.error.code).toBe('bad-source');
    expect(opened.error.subject).toBe(`GStreamer pipeline "${pipeline}"`);
    if (hasGStreamer()) expect(opened.error.message).toMatch(/could not be opened/);
    else expect(opened.error.message).toMatch(/no GStreamer support/);
  });

  // The two below need the GStreamer backend and its base plugins (videotestsrc), present on the test machines.
  it.runIf(hasGStreamer())('reports a pipeline that would hang OpenCV as a timeout instead of hanging', () => {
    const problem = probeGStreamerPipeline('videotestsrc num-buffers=0 ! nonexistentelement ! appsink', 3000);
    expect(problem).toMatch(/did not start within 3 s/);
  });

  it.runIf(hasGStreamer())('delivers the frames of a working pipeline through the shared capture code', async () => {
    const pipeline = 'videotestsrc num-buffers=6 ! video/x-raw,width=64,height=48 ! videoconvert ! appsink';
    const opened = openCameraSource({ kind: 'camera', device: pipeline, fps: 12 });
    if (!opened.ok) throw new Error(opened.error.message);
    expect(opened.value.info).toMatchObject({ kind: 'camera', fps: 12, length: null });
    const got = await frames(opened.value, 20);
    expect(got.map((f) => f.seq)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(got.every((f) => f.image.cols === 64 && f.image.rows === 48 && f.image.channels === 3)).toBe(true);
    opened.value.close();
  });
});
