// The model bundles the engine can load: the trainer's output folder
// (<data>/models), listed from the manifests alone.
import { basename } from 'node:path';
import type { z } from 'zod';
import type { ModelListSchema } from '../../src-shared/model-contract.js';
import { listBundles } from '../learn/bundle/list-bundles.js';
import { fail, ok, type Result } from '../../src-shared/result.js';

export type ModelList = z.infer<typeof ModelListSchema>;

export class ModelShelf {
  constructor(private readonly modelsDir: string | null) {}

  list(): ModelList {
    if (!this.modelsDir) return { bundles: [], problems: [] };
    const found = listBundles(this.modelsDir);
    return {
      bundles: found.bundles.map(({ manifest: m }) => ({
        name: m.name,
        architecture: m.architecture,
        classes: m.classes,
        okClasses: m.okClasses,
        recipe: m.recipe,
        metrics: m.metrics,
        backend: m.backend,
        createdAtMs: m.createdAtMs,
        runId: m.runId,
      })),
      problems: found.problems.map((p) => ({ name: basename(p.dir), message: p.message })),
    };
  }

  /** The folder of the bundle called `name`, or why there is none. */
  find(name: string): Result<string> {
    if (!this.modelsDir) return fail('not-found', 'this engine has no data folder, so no models to load');
    const found = listBundles(this.modelsDir);
    const hit = found.bundles.find((b) => b.manifest.name === name);
    if (hit) return ok(hit.dir);
    const broken = found.problems.find((p) => basename(p.dir) === name);
    if (broken) return fail('bad-request', broken.message, name);
    return fail('not-found', `no model bundle called ${name} in ${this.modelsDir}`, name);
  }
}
