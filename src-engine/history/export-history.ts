// `npm run export` and the history.export job: the frames a filter matches as
// COCO instance segmentation (OUT/annotations.json, pictures in OUT/images/) or
// as CSV (OUT/objects.csv, OUT/frames.csv). It yields to the event loop between
// frames, so the workbench keeps answering and a cancel lands between frames.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { HistoryFilter } from '../../src-shared/history-contract.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import { writeFileAtomicSync } from '../files/write-file-atomic.js';
import { cocoAnnotation, cocoImage, categoryOf, type CocoAnnotation, type CocoImage } from './coco-annotations.js';
import { csvText, frameLine, FRAMES_CSV_HEADER, objectLines, OBJECTS_CSV_HEADER } from './csv-rows.js';
import { abandonExportFolder, finishExportFolder, prepareExportFolder } from './export-folder.js';
import { filteredFrames } from './filtered-frames.js';
import type { PictureFiles } from './pictures.js';
import type { ReviewStore } from './review-store.js';

export type ExportFormat = 'coco' | 'csv';

export interface ExportOptions {
  store: ReviewStore;
  pictures: PictureFiles;
  format: ExportFormat;
  out: string;
  filter: HistoryFilter;
  onProgress?: (done: number, total: number) => void;
  /** Checked between frames. */
  cancelled?: () => boolean;
  /** Injected in tests to play a disk that fails mid-way. */
  copyFile?: (from: string, to: string) => void;
}

export interface ExportSummary {
  out: string;
  frames: number;
  objects: number;
  files: number;
  /** Frames left out or exported with less than they had, each saying why. */
  problems: string[];
}

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function exportHistory(options: ExportOptions): Promise<Result<ExportSummary>> {
  const total = options.store.reader.count(options.filter);
  if (!total.ok) return total;
  const target = prepareExportFolder(options.out);
  if (!target.ok) return target;
  try {
    const written = options.format === 'coco' ? await writeCoco(options, target.value.temp, total.value) : await writeCsv(options, target.value.temp, total.value);
    if (!written.ok) {
      abandonExportFolder(target.value);
      return written;
    }
    const moved = finishExportFolder(target.value);
    if (!moved.ok) return moved;
    return ok({ ...written.value, out: moved.value });
  } catch (err) {
    abandonExportFolder(target.value);
    const code = (err as NodeJS.ErrnoException).code;
    return fail('bad-request', `the export to ${target.value.out} failed and was removed: ${code ? `${code}, ` : ''}${(err as Error).message}`, target.value.out);
  }
}

type Written = Result<Omit<ExportSummary, 'out'>>;

async function writeCoco(options: ExportOptions, dir: string, total: number): Promise<Written> {
  const copy = options.copyFile ?? copyFileSync;
  mkdirSync(join(dir, 'images'));
  const images: CocoImage[] = [];
  const annotations: CocoAnnotation[] = [];
  const categories = new Map<string, number>();
  const problems: string[] = [];
  let done = 0;
  for (const frame of filteredFrames(options.store, options.filter)) {
    if (options.cancelled?.()) return fail('busy', 'the export was cancelled; nothing was written');
    if (!frame.ok) return frame;
    const f = frame.value;
    options.onProgress?.(++done, total);
    if (!f.row.image?.full) {
      problems.push(`frame ${f.row.frameId} has no kept picture${f.row.image ? ' (removed by the disk quota)' : ''}; left out`);
      continue;
    }
    const fileName = `${f.row.frameId}.png`;
    copy(options.pictures.resolve(f.row.image.full), join(dir, 'images', fileName));
    images.push(cocoImage(f, fileName));
    for (const o of f.objects) {
      const name = categoryOf(o, f.row.label);
      if (!categories.has(name)) categories.set(name, categories.size + 1);
      annotations.push(cocoAnnotation(f, o, { annotation: annotations.length + 1, category: categories.get(name)! }, problems));
    }
    await yieldToLoop();
  }
  const coco = {
    info: { description: 'Loupe inspection history', version: '1.0', date_created: new Date().toISOString() },
    licenses: [],
    images,
    annotations,
    categories: [...categories].map(([name, id]) => ({ id, name, supercategory: 'part' })),
  };
  writeFileAtomicSync(join(dir, 'annotations.json'), JSON.stringify(coco) + '\n');
  return ok({ frames: images.length, objects: annotations.length, files: images.length + 1, problems });
}

async function writeCsv(options: ExportOptions, dir: string, total: number): Promise<Written> {
  const objects: string[] = [];
  const frames: string[] = [];
  let done = 0;
  for (const frame of filteredFrames(options.store, options.filter)) {
    if (options.cancelled?.()) return fail('busy', 'the export was cancelled; nothing was written');
    if (!frame.ok) return frame;
    options.onProgress?.(++done, total);
    frames.push(frameLine(frame.value));
    objects.push(...objectLines(frame.value));
    if (done % 50 === 0) await yieldToLoop();
  }
  writeFileAtomicSync(join(dir, 'objects.csv'), csvText(OBJECTS_CSV_HEADER, objects));
  writeFileAtomicSync(join(dir, 'frames.csv'), csvText(FRAMES_CSV_HEADER, frames));
  return ok({ frames: frames.length, objects: objects.length, files: 2, problems: [] });
}
