// The bundles in a models folder, newest first, from their manifests alone (no
// model is built). A folder that is not a readable bundle is listed as a
// problem rather than hidden, so a person can see why a model is missing.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BundleManifest } from './bundle-manifest.js';
import { isTransientName } from './atomic-folder.js';
import { readBundleManifest } from './load-bundle.js';

export interface BundleListing {
  bundles: { dir: string; manifest: BundleManifest }[];
  problems: { dir: string; message: string }[];
}

export function listBundles(modelsDir: string): BundleListing {
  const out: BundleListing = { bundles: [], problems: [] };
  let names: string[];
  try {
    names = readdirSync(modelsDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return out; // no model trained yet
    out.problems.push({ dir: modelsDir, message: `cannot list ${modelsDir} (${(err as NodeJS.ErrnoException).code ?? String(err)})` });
    return out;
  }
  for (const name of names) {
    if (name.startsWith('.') || isTransientName(name)) continue;
    const dir = join(modelsDir, name);
    try {
      if (!statSync(dir).isDirectory()) continue;
    } catch {
      continue;
    }
    const manifest = readBundleManifest(dir);
    if (manifest.ok) out.bundles.push({ dir, manifest: manifest.value });
    else out.problems.push({ dir, message: manifest.error.message });
  }
  out.bundles.sort((a, b) => b.manifest.createdAtMs - a.manifest.createdAtMs || a.manifest.name.localeCompare(b.manifest.name));
  return out;
}
