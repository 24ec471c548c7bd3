// The source picker's form state and how it becomes a contract SourceSpec.
// Kept apart from the component so the mapping (and its refusals) is testable.
import { SourceSpecSchema, type SourceSpecInput } from '../../src-shared/sources.js';
import { describeIssues } from '../../src-shared/recipe.js';

export type SourceKind = 'synthetic' | 'folder' | 'video' | 'camera';

export interface SourceForm {
  kind: SourceKind;
  seed: number;
  fps: number;
  partsPerFrame: number;
  defectRate: number;
  path: string;
  loop: boolean;
  /** A device index ("0") or a GStreamer pipeline string. */
  device: string;
}

export const DEFAULT_SOURCE_FORM: SourceForm = {
  kind: 'synthetic',
  seed: 1,
  fps: 30,
  partsPerFrame: 12,
  defectRate: 0.15,
  path: '',
  loop: true,
  device: '0',
};

export type SpecResult = { ok: true; spec: SourceSpecInput } | { ok: false; message: string };

export function sourceSpecFrom(form: SourceForm): SpecResult {
  let spec: SourceSpecInput;
  switch (form.kind) {
    case 'synthetic':
      spec = { kind: 'synthetic', seed: form.seed, fps: form.fps, partsPerFrame: form.partsPerFrame, defectRate: form.defectRate };
      break;
    case 'folder':
      spec = { kind: 'folder', path: form.path.trim(), fps: form.fps, loop: form.loop };
      break;
    case 'video':
      spec = { kind: 'video', path: form.path.trim(), loop: form.loop };
      break;
    case 'camera': {
      const text = form.device.trim();
      spec = { kind: 'camera', device: /^\d+$/.test(text) ? Number(text) : text };
      break;
    }
  }
  // Check here, so the operator sees which field is wrong before anything reaches the engine.
  const parsed = SourceSpecSchema.safeParse(spec);
  return parsed.success ? { ok: true, spec } : { ok: false, message: describeIssues(parsed.error) };
}
