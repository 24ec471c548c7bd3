// The CLI as a user runs it: a subprocess, its exit code, its messages and files.
import { describe, expect, it, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { opencv } from '../../../src-engine/opencv.js';
import { REPO_ROOT, requireRealImagesDir } from '../../shared-data.js';

const REPO = REPO_ROOT;
const REAL_IMAGES = requireRealImagesDir();
const CLI = join(REPO, 'src-engine', 'cli', 'inspect.ts');
const IMAGE_EXT = /\.(png|jpe?g|tiff?|bmp)$/i;

const temps: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'loupe-cli-'));
  temps.push(dir);
  return dir;
};
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function inspect(args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: REPO, timeout: 120_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

interface ResultsJson {
  summary: { frames: number; framesOk: number; framesNg: number; yield: number | null; skipped: { file: string | null; message: string }[] };
  frames: { file: string; frameInFile: number; result: { objects: { metrics: Record<string, number> }[] } }[];
}

const readJson = (dir: string): ResultsJson => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as ResultsJson;
const readCsv = (dir: string): string[] => readFileSync(join(dir, 'results.csv'), 'utf8').trimEnd().split('\n');

describe('npm run inspect', { timeout: 120_000 }, () => {
  it('inspects every real image in the shared folder and writes both result files', async () => {
    const out = tempDir();
    const run = await inspect([REAL_IMAGES, '--out', out]);
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    const json = readJson(out);
    const images = readdirSync(REAL_IMAGES).filter((f) => IMAGE_EXT.test(f)).sort();
    expect(images).toContain('colonies-01.tif');
    expect(json.frames.map((f) => f.file).sort()).toEqual(images);
    expect(json.summary.frames).toBe(images.length);
    expect(json.summary.skipped).toEqual([]);
    expect(json.summary.framesOk + json.summary.framesNg).toBe(images.length);

    const csv = readCsv(out);
    const header = csv[0].split(',');
    expect(header.slice(0, 5)).toEqual(['file', 'frame', 'seq', 'object', 'part']);
    expect(header).toContain('area [px²]');
    expect(header).toContain('perimeter [px]');
    expect(header).toContain('circularity');
    expect(header.slice(-2)).toEqual(['verdict', 'reasons']);
    const objects = json.frames.reduce((n, f) => n + f.result.objects.length, 0);
    expect(objects).toBeGreaterThan(0);
    expect(csv.length - 1).toBe(objects);
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]); // atomic writes leave no temp files
    expect(run.stdout).toMatch(/\d+ frame\(s\): \d+ OK, \d+ NG/);
  });

  it('skips and lists a zero-byte and a truncated image, and measures the good one', async () => {
    const dir = tempDir();
    copyFileSync(join(REAL_IMAGES, 'coins.png'), join(dir, 'good.png'));
    writeFileSync(join(dir, 'empty.png'), '');
    const jpeg = readFileSync(join(REAL_IMAGES, 'beads.jpg'));
    writeFileSync(join(dir, 'truncated.jpg'), jpeg.subarray(0, Math.floor(jpeg.length * 0.3)));
    const out = tempDir();
    const run = await inspect([dir, '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/skipped 2 item/);
    expect(run.stderr).toContain('empty.png');
    expect(run.stderr).toContain('truncated.jpg');
    const json = readJson(out);
    expect(json.frames.map((f) => f.file)).toEqual(['good.png']);
    expect(json.frames[0].result.objects.length).toBeGreaterThan(0);
    expect(json.summary.skipped.map((s) => s.file).sort()).toEqual(['empty.png', 'truncated.jpg']);
  });

  it('inspects every frame of a video, numbering frames within the file', async () => {
    const cv = opencv();
    const video = join(tempDir(), 'line.avi');
    const writer = new cv.VideoWriter(video, cv.VideoWriter.fourcc('MJPG'), 10, new cv.Size(320, 240), true);
    for (let i = 0; i < 6; i++) {
      const m = new cv.Mat(240, 320, cv.CV_8UC3, [30, 30, 30]);
      m.drawCircle(new cv.Point2(80 + i * 20, 120), 30, new cv.Vec3(220, 220, 220), -1);
      writer.write(m);
    }
    writer.release();
    const out = tempDir();
    const run = await inspect([video, '--out', out]);
    expect(run.code).toBe(0);
    const json = readJson(out);
    expect(json.frames.map((f) => [f.file, f.frameInFile])).toEqual([0, 1, 2, 3, 4, 5].map((i) => ['line.avi', i]));
    expect(json.frames.every((f) => f.result.objects.length === 1)).toBe(true);
    expect(readCsv(out)).toHaveLength(7);
  });

  it('reports calibrated units when --mm-per-pixel is given', async () => {
    const image = join(REAL_IMAGES, 'coins.png');
    const px = tempDir();
    const mm = tempDir();
    expect((await inspect([image, '--out', px])).code).toBe(0);
    expect((await inspect([image, '--out', mm, '--mm-per-pixel', '0.5'])).code).toBe(0);
    const pxCsv = readCsv(px);
    const mmCsv = readCsv(mm);
    const pxHeader = pxCsv[0].split(',');
    const mmHeader = mmCsv[0].split(',');
    expect(mmHeader).toContain('area [mm²]');
    expect(mmHeader).toContain('perimeter [mm]');
    const area = (csv: string[], header: string[], name: string) => Number(csv[1].split(',')[header.indexOf(name)]);
    expect(area(mmCsv, mmHeader, 'area [mm²]')).toBeCloseTo(area(pxCsv, pxHeader, 'area [px²]') * 0.25, 6);
    expect(area(mmCsv, mmHeader, 'perimeter [mm]')).toBeCloseTo(area(pxCsv, pxHeader, 'perimeter [px]') * 0.5, 6);
  });

  it('fails with a message when the folder holds no images', async () => {
    const out = tempDir();
    const run = await inspect([tempDir(), '--out', out]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/loupe-inspect: error: .*(no image|holds no)/);
    expect(existsSync(join(out, 'results.json'))).toBe(false);
  });

  it('fails with a message when every file is bad', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.png'), '');
    writeFileSync(join(dir, 'b.jpg'), 'not a jpeg at all');
    const run = await inspect([dir, '--out', tempDir()]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/none of the 2 item\(s\)/);
  });

  it('fails with a message when the path does not exist', async () => {
    const run = await inspect(['/nonexistent/loupe-input', '--out', tempDir()]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('no such file or folder: /nonexistent/loupe-input');
  });

  it('fails on a bad recipe, naming the file and the field', async () => {
    const dir = tempDir();
    const recipeFile = join(dir, 'broken-recipe.json');
    writeFileSync(
      recipeFile,
      JSON.stringify({ schema: 'loupe.recipe/1', name: 'broken', version: 1, pipeline: { threshold: { method: 'fixed', value: -3 } } }),
    );
    const run = await inspect([join(REAL_IMAGES, 'coins.png'), '--recipe', recipeFile, '--out', tempDir()]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('broken-recipe.json');
    expect(run.stderr).toContain('pipeline.threshold.value');
  });

  it('fails on a recipe file that is not JSON', async () => {
    const dir = tempDir();
    const recipeFile = join(dir, 'not-json.json');
    writeFileSync(recipeFile, '{ "schema": ');
    const run = await inspect([join(REAL_IMAGES, 'coins.png'), '--recipe', recipeFile, '--out', tempDir()]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('not-json.json');
  });
});
