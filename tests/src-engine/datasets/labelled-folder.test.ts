// The labelled-folder loader: classes from sub-folder names, a sha256 per
// file, every unreadable file reported by name while the walk goes on, and
// duplicate content kept once and reported once.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { opencv } from '../../../src-engine/opencv.js';
import { readLabelledFolder } from '../../../src-engine/datasets/labelled-folder.js';
import { useTempDirs } from '../../temp-dirs.js';

const tempDir = useTempDirs('labelled-folder');

/** A small grey PNG/JPEG of a bright disc whose position depends on `seed`, so each file has its own content. */
function partImage(seed: number, ext: '.png' | '.jpg'): Buffer {
  const cv = opencv();
  const mat = new cv.Mat(96, 96, cv.CV_8UC1, 40);
  mat.drawCircle(new cv.Point2(40 + (seed % 7), 44 + (seed % 5)), 20 + (seed % 4), new cv.Vec3(200, 200, 200), -1);
  // Texture, so JPEG truncation leaves real entropy-coded data cut off.
  for (let i = 0; i < 60; i++) mat.set((i * 13 + seed) % 96, (i * 29) % 96, (i * 37 + seed * 11) % 256);
  return cv.imencode(ext, mat);
}

function write(root: string, rel: string, bytes: Buffer | string): void {
  const path = join(root, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, bytes);
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('readLabelledFolder', () => {
  it('labels files by their top-level sub-folder and hashes their content', () => {
    const root = tempDir();
    write(root, 'good/a.png', partImage(1, '.png'));
    write(root, 'good/batch-2/b.jpg', partImage(2, '.jpg'));
    write(root, 'defect_chip/c.png', partImage(3, '.png'));
    write(root, '.hidden/x.png', partImage(4, '.png'));
    write(root, 'good/.DS_Store', 'junk');
    const seen: string[] = [];
    const scan = readLabelledFolder(root, (file, image) => seen.push(`${file.relativePath} ${image.cols}x${image.rows}`));
    expect(scan.ok).toBe(true);
    if (!scan.ok) return;
    expect(scan.value.classes).toEqual(['defect_chip', 'good']);
    expect(scan.value.files.map((f) => [f.relativePath, f.label])).toEqual([
      ['defect_chip/c.png', 'defect_chip'],
      ['good/a.png', 'good'],
      ['good/batch-2/b.jpg', 'good'],
    ]);
    for (const f of scan.value.files) expect(f.hash).toBe(sha(readFileSync(f.path)));
    expect(seen).toEqual(['defect_chip/c.png 96x96', 'good/a.png 96x96', 'good/batch-2/b.jpg 96x96']);
    expect(scan.value.problems).toEqual([]);
  });

  it('reports each unreadable file by name (truncated JPEG, text, empty, root-level) and reads the rest', () => {
    const root = tempDir();
    const jpeg = partImage(5, '.jpg');
    write(root, 'good/ok-1.png', partImage(6, '.png'));
    write(root, 'good/truncated.jpg', jpeg.subarray(0, Math.floor(jpeg.length * 0.6)));
    write(root, 'good/notes.txt', 'this is not an image');
    write(root, 'defect_dent/empty.png', Buffer.alloc(0));
    write(root, 'defect_dent/ok-2.png', partImage(7, '.png'));
    write(root, 'stray.png', partImage(8, '.png'));
    const scan = readLabelledFolder(root);
    expect(scan.ok).toBe(true);
    if (!scan.ok) return;
    expect(scan.value.files.map((f) => f.relativePath)).toEqual(['defect_dent/ok-2.png', 'good/ok-1.png']);
    const byFile = Object.fromEntries(scan.value.problems.map((p) => [p.kind === 'duplicate' ? p.kept : p.relativePath, p]));
    expect(Object.keys(byFile).sort()).toEqual(['defect_dent/empty.png', 'good/notes.txt', 'good/truncated.jpg', 'stray.png']);
    const truncated = byFile['good/truncated.jpg'];
    expect(truncated.kind).toBe('unreadable');
    if (truncated.kind === 'unreadable') {
      expect(truncated.error.message).toMatch(/truncated/);
      expect(truncated.error.subject).toBe('good/truncated.jpg');
    }
    expect(byFile['good/notes.txt'].kind === 'unreadable' && byFile['good/notes.txt'].error.message).toMatch(/not an image/);
    expect(byFile['defect_dent/empty.png'].kind === 'unreadable' && byFile['defect_dent/empty.png'].error.message).toMatch(/empty/);
    expect(byFile['stray.png'].kind).toBe('unlabelled');
  });

  it('keeps duplicate content once and reports each group of copies once, naming a class conflict', () => {
    const root = tempDir();
    const same = partImage(9, '.png');
    write(root, 'good/a.png', same);
    write(root, 'good/a-copy.png', same);
    write(root, 'defect_chip/a-again.png', same);
    write(root, 'good/other.png', partImage(10, '.png'));
    const scan = readLabelledFolder(root);
    expect(scan.ok).toBe(true);
    if (!scan.ok) return;
    expect(scan.value.files.map((f) => f.relativePath)).toEqual(['defect_chip/a-again.png', 'good/other.png']);
    const dups = scan.value.problems.filter((p) => p.kind === 'duplicate');
    expect(dups).toHaveLength(1);
    const d = dups[0];
    if (d.kind !== 'duplicate') return;
    expect(d.hash).toBe(sha(same));
    expect(d.kept).toBe('defect_chip/a-again.png');
    expect(d.copies.sort()).toEqual(['good/a-copy.png', 'good/a.png']);
    expect(d.message).toMatch(/different classes/);
  });

  it('refuses a root that does not exist or is a file, naming it', () => {
    const root = tempDir();
    const missing = readLabelledFolder(join(root, 'nope'));
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error).toMatchObject({ code: 'not-found', subject: join(root, 'nope') });
    write(root, 'file.png', partImage(11, '.png'));
    const file = readLabelledFolder(join(root, 'file.png'));
    expect(file.ok).toBe(false);
    if (!file.ok) expect(file.error.message).toMatch(/not a folder/);
  });
});
