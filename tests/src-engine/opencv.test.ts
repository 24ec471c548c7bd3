import { describe, expect, it } from 'vitest';
import { loadOpenCV, opencv, OpenCVUnavailableError } from '../../src-engine/opencv.js';

describe('opencv loader', () => {
  it('loads the native binding against the system OpenCV 4', () => {
    const cv = opencv();
    expect(cv.version.major).toBe(4);
    expect(opencv()).toBe(cv); // loaded once
  });

  it('explains why OpenCV is unavailable and what to run', () => {
    let error: unknown;
    try {
      loadOpenCV('@u4/opencv4nodejs-missing-on-purpose');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(OpenCVUnavailableError);
    const message = (error as Error).message;
    expect(message).toMatch(/Cannot find module/);
    expect(message).toMatch(/libopencv-dev/);
    expect(message).toMatch(/npm run setup/);
  });
});
