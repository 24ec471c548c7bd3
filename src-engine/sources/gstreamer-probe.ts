// Tries a GStreamer pipeline string in a throw-away child process first. With
// some mistakes (an unknown element in the middle of a pipeline, e.g.
// "videotestsrc ! typo ! appsink") OpenCV's GStreamer backend never returns
// from opening, which would hang the engine for good; in a child it only costs
// a timeout and a clear message.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const PROBE_TIMEOUT_MS = 10_000;
const MARK = 'LOUPE-PROBE:';

// Plain CommonJS run by `node -e`; argv[1] is the addon path, argv[2] the pipeline.
const PROBE_SCRIPT = `
let verdict;
try {
  const mod = require(process.argv[1]);
  const cv = mod.cv || mod;
  const capture = new cv.VideoCapture(process.argv[2], cv.CAP_GSTREAMER);
  const frame = capture.read();
  capture.release();
  verdict = frame.empty ? 'EMPTY' : 'OK';
} catch (err) {
  verdict = 'FAIL ' + String((err && err.message) || err || 'failed to open').split('\\n')[0];
}
process.stdout.write('\\n${MARK}' + verdict + '\\n');
process.exit(0);
`;

/** Null when the pipeline opens and delivers a frame; otherwise why not. */
export function probeGStreamerPipeline(pipeline: string, timeoutMs = PROBE_TIMEOUT_MS): string | null {
  const addon = createRequire(import.meta.url).resolve('@u4/opencv4nodejs');
  const run = spawnSync(process.execPath, ['-e', PROBE_SCRIPT, addon, pipeline], {
    timeout: timeoutMs,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    killSignal: 'SIGKILL',
  });
  const line = (run.stdout ?? '').split('\n').find((l) => l.startsWith(MARK));
  if (!line) {
    if (run.error && (run.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') {
      return `the pipeline did not start within ${timeoutMs / 1000} s (check element names, properties and caps)`;
    }
    return `the pipeline probe failed (${run.signal ?? `exit ${run.status}`})`;
  }
  const verdict = line.slice(MARK.length);
  if (verdict === 'OK') return null;
  if (verdict === 'EMPTY') return 'the pipeline opened but delivered no frame';
  return `the pipeline could not be opened (${verdict.slice(5)})`;
}
