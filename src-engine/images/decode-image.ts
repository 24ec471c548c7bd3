// Turns already-vetted file bytes into a Mat with the layout every source
// promises (8- or 16-bit, 1 or 3 channels): bit depth and colour survive,
// alpha is dropped because no measurement uses it.
import { opencv, type Mat } from '../opencv.js';
import { fail, ok, type Result } from '../../src-shared/result.js';

/** Decodes bytes whose header was checked; `subject` names the file in errors. */
export function decodeImageBytes(bytes: Buffer, subject: string): Result<Mat> {
  const cv = opencv();
  let mat: Mat;
  try {
    mat = cv.imdecode(bytes, cv.IMREAD_UNCHANGED);
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return fail('bad-image', `${subject}: truncated or corrupt (${reason})`, subject);
  }
  if (!mat || mat.empty || mat.rows === 0 || mat.cols === 0) {
    return fail('bad-image', `${subject}: truncated or corrupt (the decoder returned no pixels)`, subject);
  }
  if (mat.depth !== cv.CV_8U && mat.depth !== cv.CV_16U) {
    return fail('bad-image', `${subject}: unsupported pixel type (only 8- and 16-bit unsigned images are inspected)`, subject);
  }
  switch (mat.channels) {
    case 1:
    case 3:
      return ok(mat);
    case 4:
      return ok(mat.cvtColor(cv.COLOR_BGRA2BGR));
    case 2: // gray + alpha
      return ok(mat.splitChannels()[0]);
    default:
      return fail('bad-image', `${subject}: unsupported ${mat.channels}-channel image`, subject);
  }
}
