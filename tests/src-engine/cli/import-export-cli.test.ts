// `npm run import` and `npm run export` as a user runs them (subprocesses), and
// the frames.csv `npm run inspect` now writes beside results.csv.
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspectCommand } from '../../../src-engine/cli/inspect-command.js';
import { exportFilterFrom } from '../../../src-engine/cli/export-filter.js';
import { defaultRecipePath } from '../../../src-engine/recipes/recipe-paths.js';
import { opencv } from '../../../src-engine/opencv.js';
import { REPO_ROOT } from '../../shared-data.js';
import { useTempDirs } from '../../temp-dirs.js';
import { writeLabelledFolder } from '../history/labelled-pictures.js';

const tempDir = useTempDirs('import-export-cli');

function cli(script: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src-engine', 'cli', script), ...args], { cwd: REPO_ROOT, timeout: 60_000 }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('npm run import / export', { timeout: 90_000 }, () => {
  it('imports a labelled folder, naming the unreadable file, then exports its NG frames as COCO and all as CSV', async () => {
    const dir = tempDir();
    const source = writeLabelledFolder(join(dir, 'pictures'));
    const data = join(dir, 'data');
    const imported = await cli('import.ts', [source, '--data', data]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/imported 4 picture\(s\) \(defect_x 2, good 2\) as run \d+; 0 imported before; 1 skipped/);
    expect(imported.stderr).toMatch(/defect_x\/cut\.jpg: truncated or corrupt/);

    const coco = join(dir, 'coco');
    const exported = await cli('export.ts', ['--data', data, '--format', 'coco', '--out', coco, '--verdict', 'ng', '--label', 'good', '--label', 'defect_x']);
    expect(exported.stderr).not.toMatch(/error/);
    expect(exported.code).toBe(0);
    const annotations = JSON.parse(readFileSync(join(coco, 'annotations.json'), 'utf8'));
    expect(annotations.images.length).toBe(4); // the default recipe fails every drawn part's tight bands
    expect(readdirSync(join(coco, 'images')).length).toBe(4);

    const csv = join(dir, 'csv');
    expect((await cli('export.ts', ['--data', data, '--format', 'csv', '--out', csv, '--metric', 'holes:1:'])).code).toBe(0);
    expect(readFileSync(join(csv, 'frames.csv'), 'utf8').trimEnd().split('\n')).toHaveLength(2); // the washer's frame
  });

  it('refuses a missing history, a bad metric flag and a taken folder, each with one clear line', async () => {
    const dir = tempDir();
    const none = await cli('export.ts', ['--data', join(dir, 'nothing'), '--format', 'csv', '--out', join(dir, 'out')]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/loupe-export: error: no history in .*nothing/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
    expect(exportFilterFrom({ metric: ['roundness:0:1'] })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/unknown metric "roundness"/) } });
    expect(exportFilterFrom({ metric: ['area:5'] })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/should be name:min:max/) } });
    expect(exportFilterFrom({ from: 'yesterday' })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/--from "yesterday" is not a date/) } });
    expect(exportFilterFrom({ from: '2026-12-02', to: '2026-12-01' })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/inverted/) } });
    expect(exportFilterFrom({ verdict: 'NG', metric: ['circularity::0.8'], label: ['NG'] })).toEqual({
      ok: true,
      value: { verdict: 'ng', objectMetrics: { circularity: { max: 0.8 } }, label: { values: ['NG'] } },
    });
    const missingFolder = await cli('import.ts', [join(dir, 'nowhere'), '--data', join(dir, 'data')]);
    expect(missingFolder.code).toBe(1);
    expect(missingFolder.stderr).toMatch(/loupe-import: error: no such folder/);
  });
});

describe('npm run inspect: frames.csv', () => {
  it('has a row for every frame, also one where nothing was found (results.csv has none for it)', async () => {
    const dir = tempDir();
    const input = join(dir, 'in');
    mkdirSync(input);
    const cv = opencv();
    cv.imwrite(join(input, 'a-empty.png'), new cv.Mat(100, 100, cv.CV_8UC1, 0));
    const parts = new cv.Mat(200, 200, cv.CV_8UC1, 0);
    parts.drawCircle(new cv.Point2(100, 100), 30, new cv.Vec3(220, 220, 220), -1);
    cv.imwrite(join(input, 'b-part.png'), parts);
    const out = join(dir, 'out');
    const sink = { write: () => true } as unknown as NodeJS.WriteStream;
    expect(await inspectCommand({ input, recipeFile: defaultRecipePath(), outDir: out, mmPerPixel: null }, { stdout: sink, stderr: sink })).toBe(0);
    const frames = readFileSync(join(out, 'frames.csv'), 'utf8').trimEnd().split('\n');
    expect(frames[0]).toBe('file,frame,seq,objects,objects_ok,objects_ng,verdict,reasons,meanIntensity,pixelsAboveThreshold,processingMs [ms]');
    expect(frames.slice(1).map((l) => l.split(',').slice(0, 4))).toEqual([['a-empty.png', '0', '0', '0'], ['b-part.png', '0', '1', '1']]);
    const results = readFileSync(join(out, 'results.csv'), 'utf8').trimEnd().split('\n');
    expect(results.slice(1).map((l) => l.split(',')[0])).toEqual(['b-part.png']);
  });
});
