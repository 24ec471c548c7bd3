// Previews are display-sized, 8-bit and decodable, whatever the frame was.
import { describe, expect, it } from 'vitest';
import { encodePreview, fitWithin } from '../../../src-engine/preview/encode-preview.js';
import { opencv } from '../../../src-engine/opencv.js';
import { PreviewSchema } from '../../../src-shared/events.js';

const cv = opencv();

const decode = ({ data }: { data: Uint8Array }) => cv.imdecode(Buffer.from(data.buffer, data.byteOffset, data.byteLength), cv.IMREAD_UNCHANGED);

describe('fitWithin', () => {
  it('keeps the aspect ratio inside the box', () => {
    expect(fitWithin(1280, 1024, 640, 480)).toEqual({ width: 600, height: 480 });
    expect(fitWithin(1280, 1024, 320, 1000)).toEqual({ width: 320, height: 256 });
  });
  it('never enlarges', () => {
    expect(fitWithin(100, 50, 1920, 1080)).toEqual({ width: 100, height: 50 });
  });
});

describe('encodePreview', () => {
  it('shrinks a large frame to the display size with no visible loss beyond JPEG noise', () => {
    const frame = new cv.Mat(1024, 1280, cv.CV_8UC1, 40);
    frame.drawCircle(new cv.Point2(640, 512), 300, new cv.Vec3(230, 230, 230), -1);
    const preview = encodePreview(frame, { width: 1100, height: 880, format: 'jpeg' });
    expect(PreviewSchema.safeParse(preview).success).toBe(true);
    const back = decode(preview);
    expect([back.cols, back.rows]).toEqual([preview.width, preview.height]);
    const reference = frame.resize(preview.height, preview.width, 0, 0, cv.INTER_AREA);
    expect(back.absdiff(reference).mean().w).toBeLessThan(2);
  });

  it('encodes an 8-bit gray frame as a JPEG at display size', () => {
    const frame = new cv.Mat(1024, 1280, cv.CV_8UC1, 90);
    frame.drawRectangle(new cv.Rect(100, 100, 400, 300), new cv.Vec3(250, 250, 250), -1);
    const preview = encodePreview(frame, { width: 640, height: 480, format: 'jpeg' });
    expect(preview).toMatchObject({ mime: 'image/jpeg', width: 600, height: 480 });
    const back = decode(preview);
    expect([back.cols, back.rows]).toEqual([600, 480]);
    // The bright rectangle survives the shrink where it should be (x 100..500 → 47..234).
    expect(back.at(150, 100)).toBeGreaterThan(200);
    expect(back.at(400, 500)).toBeLessThan(120);
  });

  it('makes 16-bit frames 8-bit, keeping relative brightness', () => {
    const frame = new cv.Mat(200, 200, cv.CV_16UC1, 60000);
    const preview = encodePreview(frame, { width: 100, height: 100, format: 'jpeg' });
    const back = decode(preview);
    expect(back.depth).toBe(cv.CV_8U);
    expect(back.at(50, 50)).toBeGreaterThan(225);
  });

  it('drops alpha from BGRA frames and encodes WebP', () => {
    const frame = new cv.Mat(100, 100, cv.CV_8UC4, [10, 200, 30, 255]);
    const preview = encodePreview(frame, { width: 50, height: 50, format: 'webp', quality: 90 });
    expect(preview.mime).toBe('image/webp');
    expect(Buffer.from(preview.data.subarray(8, 12)).toString('latin1')).toBe('WEBP');
    const back = decode(preview);
    expect(back.channels).toBe(3);
    expect(back.cols).toBe(50);
  });

  it('refuses an empty image with an error instead of encoding nothing', () => {
    expect(() => encodePreview(new cv.Mat(), { width: 10, height: 10, format: 'jpeg' })).toThrow(/empty/);
  });
});
