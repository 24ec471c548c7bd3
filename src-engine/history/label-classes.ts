// The image classes a labeller picks from (OK, NG and the defect kinds the user
// keeps), in the data folder's label-classes.json. A file that does not
// validate is reported and the default used, never silently trusted.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { LabelValueSchema } from '../../src-shared/history-contract.js';
import { describeIssues } from '../../src-shared/recipe.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import { writeFileAtomicSync } from '../files/write-file-atomic.js';

export const LABEL_CLASSES_FILE = 'label-classes.json';
export const DEFAULT_LABEL_CLASSES: readonly string[] = ['OK', 'NG'];

const ClassesFileSchema = z.object({ schema: z.literal('loupe.label-classes/1'), classes: z.array(LabelValueSchema).min(1).max(50) }).strict();

export class LabelClasses {
  constructor(
    private readonly dataDir: string,
    private readonly report: (message: string) => void = () => undefined,
  ) {}

  get file(): string {
    return join(this.dataDir, LABEL_CLASSES_FILE);
  }

  read(): string[] {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.report(`cannot read ${this.file} (${(err as Error).message}); using ${DEFAULT_LABEL_CLASSES.join(', ')}`);
      return [...DEFAULT_LABEL_CLASSES];
    }
    let parsed;
    try {
      parsed = ClassesFileSchema.safeParse(JSON.parse(text));
    } catch (err) {
      this.report(`${this.file} is not valid JSON (${(err as Error).message}); using ${DEFAULT_LABEL_CLASSES.join(', ')}`);
      return [...DEFAULT_LABEL_CLASSES];
    }
    if (!parsed.success) {
      this.report(`${this.file} is not a list of classes (${describeIssues(parsed.error)}); using ${DEFAULT_LABEL_CLASSES.join(', ')}`);
      return [...DEFAULT_LABEL_CLASSES];
    }
    return parsed.data.classes;
  }

  /** Keeps the list in the user's order; the same class twice (ignoring case) is refused, not merged. */
  write(classes: readonly string[]): Result<string[]> {
    const seen = new Map<string, string>();
    for (const c of classes) {
      const key = c.trim().toLowerCase();
      if (seen.has(key)) return fail('bad-request', `the class "${c}" is listed twice (as "${seen.get(key)}" too)`, c);
      seen.set(key, c);
    }
    try {
      writeFileAtomicSync(this.file, JSON.stringify({ schema: 'loupe.label-classes/1', classes }, null, 1) + '\n');
    } catch (err) {
      return fail('bad-source', `the classes could not be saved to ${this.file}: ${(err as Error).message}`, this.file);
    }
    return ok([...classes]);
  }
}
