// Drives one source to its end through the inspection pipeline, collecting
// results and the items that could not be read. No pacing: the CLI runs as fast
// as the machine allows.
import type { FrameResult } from '../../src-shared/inspection.js';
import type { Recipe } from '../../src-shared/recipe.js';
import type { FrameSource } from '../sources/frame-source.js';
import type { Mat } from '../opencv.js';

export interface InspectedFrame {
  /** File the frame came from, as the user will recognise it. */
  file: string;
  /** 0 for a still image; the frame number inside a video. */
  frameInFile: number;
  result: FrameResult;
}

export interface SkippedItem {
  file: string | null;
  code: string;
  message: string;
}

export interface InspectionRun {
  frames: InspectedFrame[];
  skipped: SkippedItem[];
}

export interface RunProgress {
  done: number;
  skipped: number;
  /** Items the source will deliver, when it knows. */
  total: number | null;
}

export type Inspect = (image: Mat, recipe: Recipe, meta: { seq: number; timestampMs: number }) => FrameResult;

export async function runInspection(
  source: FrameSource,
  recipe: Recipe,
  inspect: Inspect,
  options: { label(origin: string | undefined): string; onProgress?(progress: RunProgress): void },
): Promise<InspectionRun> {
  const run: InspectionRun = { frames: [], skipped: [] };
  const framesPerFile = new Map<string, number>();
  const progress = () => options.onProgress?.({ done: run.frames.length, skipped: run.skipped.length, total: source.info.length });
  for (;;) {
    const item = await source.next();
    if (item === null) break;
    if (item.kind === 'skipped') {
      run.skipped.push({ file: item.error.subject ? options.label(item.error.subject) : null, code: item.error.code, message: item.error.message });
    } else {
      const { frame } = item;
      const file = options.label(frame.origin);
      const frameInFile = framesPerFile.get(file) ?? 0;
      framesPerFile.set(file, frameInFile + 1);
      try {
        const result = inspect(frame.image, recipe, { seq: frame.seq, timestampMs: frame.timestampMs });
        run.frames.push({ file, frameInFile, result });
      } catch (err) {
        // One image that breaks the pipeline is reported like an unreadable one; the rest still get measured.
        run.skipped.push({ file, code: 'internal', message: `inspection failed: ${err instanceof Error ? err.message : String(err)}` });
      }
    }
    progress();
  }
  return run;
}
