// Features on disk, one small file per sample, keyed by the sample's content
// hash inside a folder keyed by the recipe (name, version, and a hash of its
// content, so a recipe edited without a version bump cannot serve stale
// numbers) and by the feature list. Later epochs and later runs read these
// instead of inspecting again.
//
// It is a cache, not a record: entries are written by rename (never seen half
// written) but not fsynced, since a lost entry costs only a recomputation. An
// entry of the wrong length is ignored and recomputed.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Recipe } from '../../../src-shared/recipe.js';
import { recipeSlug } from '../../recipes/save-recipe-version.js';
import { FEATURE_COUNT, FEATURE_NAMES } from './feature-names.js';

const HASH = /^[0-9a-f]{64}$/;

/** Where the feature cache lives inside a data folder (LOUPE_DATA_DIR). */
export function featureCacheDir(dataDir: string): string {
  return join(dataDir, 'feature-cache');
}

export class FeatureCache {
  readonly dir: string;
  /** Why the disk cache is off although a folder was given (it then works in memory only), or null. */
  readonly problem: string | null = null;
  private readonly memory = new Map<string, Float32Array>();
  private tempSeq = 0;

  constructor(root: string | null, recipe: Recipe) {
    let dir = root === null ? '' : join(root, cacheFolderName(recipe));
    if (dir) {
      try {
        mkdirSync(dir, { recursive: true });
      } catch (err) {
        this.problem = `the feature cache folder ${dir} cannot be created (${(err as NodeJS.ErrnoException).code ?? String(err)}); features are kept in memory for this run only`;
        dir = '';
      }
    }
    this.dir = dir;
  }

  /** Cached features of a sample, from memory or disk; null when they must be computed. */
  get(hash: string): { features: Float32Array; from: 'memory' | 'disk' } | null {
    const inMemory = this.memory.get(hash);
    if (inMemory) return { features: inMemory, from: 'memory' };
    if (!this.dir || !HASH.test(hash)) return null;
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(this.dir, `${hash}.f32`));
    } catch {
      return null;
    }
    if (bytes.length !== FEATURE_COUNT * 4) return null;
    const features = new Float32Array(FEATURE_COUNT);
    new Uint8Array(features.buffer).set(bytes);
    this.memory.set(hash, features);
    return { features, from: 'disk' };
  }

  set(hash: string, features: Float32Array): void {
    const own = features.slice();
    this.memory.set(hash, own);
    if (!this.dir || !HASH.test(hash)) return;
    const target = join(this.dir, `${hash}.f32`);
    const temp = `${target}.${process.pid}.${this.tempSeq++}.tmp`;
    try {
      writeFileSync(temp, new Uint8Array(own.buffer));
      renameSync(temp, target);
    } catch {
      // A full or read-only disk only costs recomputation next time.
    }
  }
}

/** `<recipe-slug>-v<version>-<recipe hash>-f<feature list hash>`. */
export function cacheFolderName(recipe: Recipe): string {
  const recipeHash = createHash('sha256').update(JSON.stringify(recipe)).digest('hex').slice(0, 10);
  const featureHash = createHash('sha256').update(FEATURE_NAMES.join('\n')).digest('hex').slice(0, 8);
  return `${recipeSlug(recipe.name)}-v${recipe.version}-${recipeHash}-f${featureHash}`;
}
