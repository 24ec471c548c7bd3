// The one place the native OpenCV addon is loaded. If it is missing or was built
// against another OpenCV, the error says why and what to run, instead of a bare
// "cannot find module" deep inside an import chain.
import { createRequire } from 'node:module';
import type { cv as OpenCVBinding, Mat as OpenCVMat } from '@u4/opencv4nodejs';

// Types only: the binding itself is loaded lazily below, so a missing addon
// becomes an explained error rather than an import-time crash.
export type OpenCV = typeof OpenCVBinding;
export type Mat = OpenCVMat;

let loaded: OpenCV | undefined;

export class OpenCVUnavailableError extends Error {
  readonly code = 'opencv-unavailable';
}

/** Returns the OpenCV binding, loading it on first use. Throws OpenCVUnavailableError with a fix when it cannot load. */
export function opencv(): OpenCV {
  loaded ??= loadOpenCV('@u4/opencv4nodejs');
  return loaded;
}

/** Loads the binding from a module id; separate from `opencv()` so the failure message can be tested. */
export function loadOpenCV(moduleId: string): OpenCV {
  const require = createRequire(import.meta.url);
  try {
    silenceBuildLog(require, moduleId);
    const mod = require(moduleId) as { cv?: OpenCV } & OpenCV;
    const cv = mod.cv ?? mod;
    cv.setNumThreads(1); // one core per engine: the other serves the UI and the store
    return cv;
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new OpenCVUnavailableError(
      `OpenCV could not be loaded (${reason}). Loupe needs Debian's OpenCV (libopencv-dev) and the native ` +
        `@u4/opencv4nodejs addon built against it; run \`npm run setup\` (as root) to install and build both.`,
    );
  }
}

/**
 * The addon's build helper prints its configuration to stdout on every load,
 * which would corrupt the CLI's output and a child engine's stdout; silence it.
 */
function silenceBuildLog(require: NodeRequire, moduleId: string): void {
  try {
    const fromAddon = createRequire(require.resolve(moduleId));
    (fromAddon('@u4/opencv-build') as { Log: { silence: boolean } }).Log.silence = true;
  } catch {
    // No build helper (or no addon): nothing prints, or loading fails below with a clear error.
  }
}
