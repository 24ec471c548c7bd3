// The real wiring of the engine service: OpenCV-backed sources, inspection and
// preview encoding, and the default recipe file.
import packageJson from '../../package.json' with { type: 'json' };
import { opencv } from '../opencv.js';
import { openSource } from '../sources/open-source.js';
import { inspectImage } from '../vision/inspect-image.js';
import { loadRecipeFile } from '../recipes/load-recipe-file.js';
import { defaultRecipePath } from '../recipes/recipe-paths.js';
import { encodePreview } from '../preview/encode-preview.js';
import { LiveModel } from '../inference/live-model.js';
import type { EngineDeps } from './engine-deps.js';

/** OpenCV's version, or why it is missing (hello must answer even when OpenCV does not load). */
function opencvVersion(): string {
  try {
    const { major, minor, revision } = opencv().version;
    return `${major}.${minor}.${revision}`;
  } catch (err) {
    return `unavailable (${err instanceof Error ? err.message : String(err)})`;
  }
}

export function createDefaultEngineDeps(): EngineDeps {
  let cvVersion: string | null = null;
  return {
    identity: () => ({ engine: packageJson.version, opencv: (cvVersion ??= opencvVersion()), pid: process.pid }),
    openSource,
    inspectImage,
    encodePreview,
    loadDefaultRecipe: () => loadRecipeFile(defaultRecipePath()),
    openModel: (dir, events) => LiveModel.open(dir, events),
  };
}
