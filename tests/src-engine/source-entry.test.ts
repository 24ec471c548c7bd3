// Every worker-thread and child-process entry is found from the installation's
// root, the same from tsx and from a bundle whose caller sits in out/main/chunks.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SOURCE_ENTRIES, sourceEntryPath, sourceEntryUrl, type SourceEntryName } from '../../src-engine/source-entry.js';

describe('source entries', () => {
  it('names a file that exists for every entry, as a path and as a file URL', () => {
    for (const name of Object.keys(SOURCE_ENTRIES) as SourceEntryName[]) {
      const file = sourceEntryPath(name);
      expect(existsSync(file)).toBe(true);
      expect(fileURLToPath(sourceEntryUrl(name))).toBe(file);
    }
  });

  it('is what the starting modules use, not a path next to themselves', () => {
    // A `new URL('./x.ts', import.meta.url)` would point into out/main/chunks/ once bundled.
    for (const caller of ['store/result-store.ts', 'inference/live-model.ts', 'history/job-child.ts', 'learn/features/worker-pool.ts', 'host/spawn-engine.ts']) {
      const text = readFileSync(new URL(`../../src-engine/${caller}`, import.meta.url), 'utf8');
      expect(text, caller).toMatch(/sourceEntry(Path|Url)\('/);
      expect(text, caller).not.toMatch(/new URL\('\.\/[\w-]+\.ts', import\.meta\.url\)/);
    }
  });
});
