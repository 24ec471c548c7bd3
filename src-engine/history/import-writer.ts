// Records imported pictures in the history: one run of source kind 'folder'
// per import (created with its first new file, so importing a folder again
// makes no empty run), and per file one transaction holding the frame, its
// objects (with their holes), its picture, its content hash and its label.
import type Database from 'better-sqlite3';
import { join } from 'node:path';
import type { FrameResult } from '../../src-shared/inspection.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import { FrameRows } from '../store/frame-rows.js';
import { ImageFiles, IMAGES_FOLDER } from '../store/image-files.js';
import { LabelTable } from '../store/label-table.js';
import type { RawImage } from '../store/raw-image.js';

export const IMPORT_AUTHOR = 'import';

export interface ImportedFile {
  relativePath: string;
  hash: string;
  label: string;
  result: FrameResult;
  image: RawImage;
}

export class ImportWriter {
  private readonly rows: FrameRows;
  private readonly labels: LabelTable;
  private readonly files: ImageFiles;
  private readonly knownHash: Database.Statement;
  private readonly insertRun: Database.Statement;
  private readonly setHoles: Database.Statement;
  private readonly insertImage: Database.Statement;
  private readonly insertHash: Database.Statement;
  private runId: number | null = null;
  private nextSeq = 0;

  constructor(
    private readonly db: Database.Database,
    dataDir: string,
    private readonly source: { folder: string; recipe: { name: string; version: number } },
  ) {
    this.rows = new FrameRows(db);
    this.labels = new LabelTable(db);
    this.files = new ImageFiles(join(dataDir, IMAGES_FOLDER));
    this.knownHash = db.prepare('SELECT frame_id FROM imported_files WHERE hash = ?');
    // No id: SQLite gives the next one, as it does to the engine's store, so the two never collide.
    this.insertRun = db.prepare('INSERT INTO runs (started_at_ms, source, source_kind, recipe_name, recipe_version) VALUES (?, ?, ?, ?, ?)');
    this.setHoles = db.prepare('UPDATE object_shapes SET hole_outlines = ? WHERE frame_id = ? AND object_id = ?');
    this.insertImage = db.prepare(
      'INSERT INTO images (frame_id, reason, full_path, full_bytes, thumb_path, thumb_bytes, stored_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.insertHash = db.prepare('INSERT INTO imported_files (hash, frame_id, relative_path, imported_at_ms) VALUES (?, ?, ?, ?)');
  }

  /** The run this import records into, or null while nothing new was imported. */
  get run(): number | null {
    return this.runId;
  }

  /** The frame an earlier import made of this content, if any. */
  alreadyImported(hash: string): number | null {
    return (this.knownHash.get(hash) as { frame_id: number } | undefined)?.frame_id ?? null;
  }

  /** The next frame's seq (the inspection needs it before the frame is recorded). */
  get seq(): number {
    return this.nextSeq;
  }

  /** Writes the picture, then the rows; a failure takes the picture files back and leaves the database as it was. */
  record(file: ImportedFile, nowMs = Date.now()): Result<number> {
    const runId = this.ensureRun(nowMs);
    const seq = this.nextSeq;
    let stored;
    try {
      stored = this.files.write(runId, seq, file.image);
    } catch (err) {
      return fail('bad-source', `${file.relativePath}: its picture could not be stored (${(err as Error).message})`, file.relativePath);
    }
    try {
      const frameId = this.db.transaction(() => {
        const id = this.rows.insert(runId, { ...file.result, seq });
        for (const o of file.result.objects) if (o.holes.length > 0) this.setHoles.run(JSON.stringify(o.holes), id, o.id);
        this.insertImage.run(id, file.result.verdict.ok ? 'sampled-ok' : 'ng', stored.fullPath, stored.fullBytes, stored.thumbPath, stored.thumbBytes, nowMs);
        this.insertHash.run(file.hash, id, file.relativePath, nowMs);
        const labelled = this.labels.apply({ frameId: id, value: file.label, author: IMPORT_AUTHOR, replaces: null, note: `sub-folder of ${file.relativePath}` }, nowMs);
        if (!labelled.ok) throw new Error(labelled.error.message);
        return id;
      }).immediate();
      this.nextSeq++;
      return ok(frameId);
    } catch (err) {
      this.files.remove(stored.fullPath);
      this.files.remove(stored.thumbPath);
      return fail('bad-source', `${file.relativePath}: could not be recorded (${(err as Error).message})`, file.relativePath);
    }
  }

  private ensureRun(nowMs: number): number {
    if (this.runId !== null) return this.runId;
    const spec = { kind: 'folder', path: this.source.folder, fps: 10, loop: false };
    const info = this.insertRun.run(nowMs, JSON.stringify(spec), 'folder', this.source.recipe.name, this.source.recipe.version);
    this.runId = Number(info.lastInsertRowid);
    return this.runId;
  }
}
