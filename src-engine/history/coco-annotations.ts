// One frame as COCO instance segmentation: its image entry (with the frame's
// class kept beside COCO's fields) and one annotation per object. An object's
// polygon is its outline as a person last edited it, else as measured; one
// with holes goes out as an RLE mask, since COCO fills every ring of a polygon.
import type { HistoryFrame, HistoryObject } from '../../src-shared/history-methods.js';
import type { Point } from '../../src-shared/inspection.js';
import { ringsToRle, type CocoRle } from './coco-rle.js';
import { signedArea } from './outline-check.js';

export const UNCLASSIFIED = 'unclassified';

export interface CocoImage {
  id: number;
  file_name: string;
  width: number;
  height: number;
  date_captured: string;
  /** The frame-level label (the image's class), or null. */
  class: string | null;
  verdict: 'ok' | 'ng';
  loupe: { runId: number; seq: number; recipe: string; recipeVersion: number; source: string };
}

export interface CocoAnnotation {
  id: number;
  image_id: number;
  category_id: number;
  segmentation: number[][] | CocoRle;
  area: number;
  bbox: [number, number, number, number];
  iscrowd: 0;
  loupe: { objectId: number; part: string | null; label: string | null; outlineEdited: boolean; ok: boolean };
}

/** The object's own label, else its image's class, else the recipe's part class. */
export function categoryOf(object: HistoryObject, imageClass: string | null): string {
  return object.label ?? imageClass ?? object.part ?? UNCLASSIFIED;
}

export function cocoImage(frame: HistoryFrame, fileName: string): CocoImage {
  const r = frame.row;
  return {
    id: r.frameId,
    file_name: fileName,
    width: r.width,
    height: r.height,
    date_captured: new Date(r.capturedAtMs).toISOString(),
    class: r.label,
    verdict: r.verdict,
    loupe: { runId: r.runId, seq: r.seq, recipe: r.recipe.name, recipeVersion: r.recipe.version, source: r.source },
  };
}

/** `problems` is told of objects whose holes were not recorded (they go out filled). */
export function cocoAnnotation(
  frame: HistoryFrame,
  object: HistoryObject,
  ids: { annotation: number; category: number },
  problems: string[],
): CocoAnnotation {
  const base = {
    id: ids.annotation,
    image_id: frame.row.frameId,
    category_id: ids.category,
    iscrowd: 0 as const,
    loupe: { objectId: object.objectId, part: object.part, label: object.label, outlineEdited: object.outlineEdited, ok: object.ok },
  };
  if (object.holes.length > 0) {
    const { rle, area, bbox } = ringsToRle([object.outline, ...object.holes], frame.row.width, frame.row.height);
    return { ...base, segmentation: rle, area, bbox };
  }
  const holes = object.metrics.holes ?? 0;
  if (holes > 0) {
    problems.push(`frame ${frame.row.frameId} object ${object.objectId} has ${holes} hole(s) whose outlines were not recorded; exported as a filled polygon`);
  }
  return { ...base, segmentation: [object.outline.flat()], area: Math.abs(signedArea(object.outline)), bbox: boundsOf(object.outline) };
}

function boundsOf(points: readonly Point[]): [number, number, number, number] {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const [x, y] of points) {
    minX = Math.min(minX, x); minY = Math.min(minY, y); maxX = Math.max(maxX, x); maxY = Math.max(maxY, y);
  }
  return [minX, minY, maxX - minX, maxY - minY];
}
