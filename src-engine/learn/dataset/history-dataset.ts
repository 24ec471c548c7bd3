// A dataset from the labelled history: every labelled frame whose full picture
// is kept, one sample per object. An object is labelled by its own label, else
// by its frame's (so an imported good/ / defect_x/ folder trains as it was
// sorted). The part window comes from the object's outline as a person last
// edited it, else as measured: the history already knows where the part is, so
// nothing is inspected again and a corrected outline moves the crop.
import { existsSync } from 'node:fs';
import type { HistoryFilter } from '../../../src-shared/history-contract.js';
import type { HistoryFrame, HistoryObject } from '../../../src-shared/history-methods.js';
import type { Point, Rect } from '../../../src-shared/inspection.js';
import type { Recipe } from '../../../src-shared/recipe.js';
import { fail, ok, type Result } from '../../../src-shared/result.js';
import { filteredFrames } from '../../history/filtered-frames.js';
import { PictureFiles } from '../../history/pictures.js';
import { ReviewStore } from '../../history/review-store.js';
import { readImageFile } from '../../images/read-image.js';
import { databaseFile } from '../../store/open-database.js';
import { toGray8 } from '../../vision/to-gray8.js';
import { assembleLabelled, type FoundPart } from './assemble.js';
import { partWindow } from './part-window.js';
import { type Dataset, type DatasetProblem, type SplitFractions } from './sample.js';

export interface HistoryDatasetOptions {
  recipe: Recipe;
  size?: number;
  /** Which frames to take (the review's filter); labelled frames with a kept picture are taken from those. */
  filter?: HistoryFilter;
  /** The class meaning "good part". Default: `good` (an imported folder), else `OK` (the review's classes), whichever is present. */
  okLabel?: string;
  seed?: number;
  fractions?: SplitFractions;
  name?: string;
  /** Crop scale to use instead of fitting the largest part (a trained model's dataset scale). */
  scale?: number;
}

/** Labels that mean "good part" when none is named: an imported folder's `good/`, the review's `OK`. */
const OK_LABELS = ['good', 'OK', 'ok'];

export const historySampleId = (frameId: number, objectId: number): string => `history:${frameId}:${objectId}`;

export function loadHistoryDataset(dataDir: string, o: HistoryDatasetOptions): Result<{ dataset: Dataset; problems: DatasetProblem[] }> {
  if (!existsSync(databaseFile(dataDir))) return fail('not-found', `no history in ${dataDir} (no ${databaseFile(dataDir)})`, dataDir);
  const opened = ReviewStore.open(dataDir);
  if (!opened.ok) return opened;
  const store = opened.value;
  try {
    // A frame counts as labelled when it or any of its objects carries a label.
    const filter: HistoryFilter = { ...o.filter, label: { ...o.filter?.label, state: 'labelled' }, withImage: true };
    const pictures = new PictureFiles(dataDir);
    const found: FoundPart[] = [];
    const problems: DatasetProblem[] = [];
    for (const frame of filteredFrames(store, filter)) {
      if (!frame.ok) return frame;
      found.push(...partsOfFrame(frame.value, pictures, o.recipe, problems));
    }
    const labels = new Set(found.map((f) => f.label));
    const okLabel = o.okLabel ?? OK_LABELS.find((l) => labels.has(l)) ?? OK_LABELS[0];
    if (found.length > 0 && !labels.has(okLabel)) {
      return fail('bad-source', `the labelled history in ${dataDir} has no samples labelled ${okLabel} (good parts); labels found: ${[...labels].sort().join(', ')}`, dataDir);
    }
    for (const f of found) f.defect = f.label === okLabel ? null : f.label;
    const dataset = assembleLabelled(found, { ...o, name: o.name ?? `history ${dataDir}`, okLabel, classOrder: [...labels].sort() });
    return ok({ dataset, problems });
  } finally {
    store.close();
  }
}

/** The frame's labelled objects as parts; a picture that cannot be read costs this frame only, named in `problems`. */
function partsOfFrame(frame: HistoryFrame, pictures: PictureFiles, recipe: Recipe, problems: DatasetProblem[]): FoundPart[] {
  const { row } = frame;
  const subject = `frame ${row.frameId}`;
  const labelled = frame.objects.filter((obj) => (obj.label ?? row.label) !== null);
  if (labelled.length === 0) return [];
  if (!row.image?.full) {
    problems.push({ subject, message: 'its picture was removed by the disk quota; skipped' });
    return [];
  }
  const image = readImageFile(pictures.resolve(row.image.full));
  if (!image.ok) {
    problems.push({ subject, message: `its picture ${row.image.full} cannot be read (${image.error.message}); skipped` });
    return [];
  }
  const g = toGray8(image.value, recipe.pipeline.channel);
  try {
    return labelled.map((obj) => {
      const label = (obj.label ?? row.label) as string;
      return {
        id: historySampleId(row.frameId, obj.objectId),
        partKey: historySampleId(row.frameId, obj.objectId),
        label,
        defect: null, // set once the dataset's ok label is known
        ...partWindow(g.gray, placeOf(obj)),
        // One object of a frame: the engine separated it from its neighbours (or a person outlined it).
        single: true,
        origin: { kind: 'history', frameId: row.frameId, objectId: obj.objectId },
      };
    });
  } finally {
    if (g.owned) g.gray.release();
    image.value.release();
  }
}

/** Box and centroid of the object's outline (an edited one moves both); the stored box when the outline is degenerate. */
export function placeOf(obj: Pick<HistoryObject, 'bbox' | 'outline' | 'outlineEdited'>): { bbox: Rect; centroid: Point } {
  const centroid = polygonCentroid(obj.outline);
  const box = obj.outlineEdited ? boundingBox(obj.outline) : obj.bbox;
  return { bbox: box, centroid: centroid ?? [box.x + box.width / 2, box.y + box.height / 2] };
}

function boundingBox(points: readonly Point[]): Rect {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const x = Math.floor(Math.min(...xs));
  const y = Math.floor(Math.min(...ys));
  // Inclusive pixel extent, as OpenCV's boundingRect counts it.
  return { x, y, width: Math.floor(Math.max(...xs)) - x + 1, height: Math.floor(Math.max(...ys)) - y + 1 };
}

/** Area centroid of a closed polygon (shoelace); null when it encloses no area. */
function polygonCentroid(points: readonly Point[]): Point | null {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < points.length; i++) {
    const [x0, y0] = points[i];
    const [x1, y1] = points[(i + 1) % points.length];
    const cross = x0 * y1 - x1 * y0;
    a += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  if (Math.abs(a) < 1e-9) return null;
  return [cx / (3 * a), cy / (3 * a)];
}
