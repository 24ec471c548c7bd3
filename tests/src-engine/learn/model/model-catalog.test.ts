import { describe, expect, it } from 'vitest';
import { MODEL_NAMES, minimumInputSize, parseModelChoice } from '../../../../src-engine/learn/model/model-catalog.js';

const spec = { size: 64, channels: 1, classes: 3 };

describe('parseModelChoice', () => {
  it('accepts every catalog model at 64×64', () => {
    for (const name of MODEL_NAMES) expect(parseModelChoice({ name, spec })).toEqual({ ok: true, value: { name, spec } });
  });

  it('names an unknown model and lists the known ones', () => {
    expect(parseModelChoice({ name: 'resnet50', spec })).toEqual({
      ok: false,
      error: { code: 'bad-request', message: `unknown model "resnet50"; known models: ${MODEL_NAMES.join(', ')}`, subject: 'model.name' },
    });
  });

  it('names the field of a bad spec', () => {
    expect(parseModelChoice({ name: 'cnn-small', spec: { ...spec, classes: 1 } })).toMatchObject({ ok: false, error: { subject: 'model.spec.classes' } });
    expect(parseModelChoice({ name: 'cnn-small', spec: { ...spec, channels: 3 } })).toMatchObject({ ok: false, error: { subject: 'model.spec.channels' } });
    expect(parseModelChoice({ name: 'cnn-small', spec: { ...spec, size: 64.5 } })).toMatchObject({ ok: false, error: { subject: 'model.spec.size' } });
    expect(parseModelChoice({ name: 'cnn-small', spec: null })).toMatchObject({ ok: false, error: { subject: 'model.spec' } });
  });

  it('refuses an input too small to survive the model’s poolings, saying the minimum', () => {
    expect(minimumInputSize('cnn-small')).toBe(8);
    expect(parseModelChoice({ name: 'cnn-small', spec: { ...spec, size: 7 } })).toEqual({
      ok: false,
      error: { code: 'bad-request', message: 'model spec size: cnn-small halves its input 3 times, so it needs size >= 8; got 7', subject: 'model.spec.size' },
    });
    expect(parseModelChoice({ name: 'cnn-tiny', spec: { ...spec, size: 7 } })).toMatchObject({ ok: true });
  });
});
