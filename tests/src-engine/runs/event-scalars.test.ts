// Reading the scalars of one Event record, from a Buffer (as the tailer hands
// them) or a plain Uint8Array, and what a malformed record does.
import { describe, expect, it } from 'vitest';
import { forEachScalar } from '../../../src-engine/runs/event-scalars.js';
import { DT_FLOAT, encodeEventByHand } from './independent-tfrecord.js';

type Seen = [string, number, number, number][];

function scalarsOf(data: Uint8Array, plugins = new Map<string, string>()): Seen {
  const seen: Seen = [];
  forEachScalar(data, plugins, (tag, value, step, wallTime) => seen.push([tag, value, step, wallTime]));
  return seen;
}

const event = encodeEventByHand({
  wallTime: 12.5,
  step: 3,
  summary: { value: [{ tag: 'a', simpleValue: 0.5 }, { tag: 'b', tensor: { dtype: DT_FLOAT, floatVal: [0.25] } }] },
});

describe('forEachScalar', () => {
  it('reads the same from a Buffer and from a plain Uint8Array, alternately', () => {
    const expected: Seen = [
      ['a', 0.5, 3, 12.5],
      ['b', 0.25, 3, 12.5],
    ];
    const bytes = new Uint8Array(event);
    expect(scalarsOf(bytes)).toEqual(expected);
    expect(scalarsOf(Buffer.from(event))).toEqual(expected);
    expect(scalarsOf(bytes)).toEqual(expected);
  });

  it('reports nothing from a record cut short, and throws so the caller counts it bad', () => {
    const cut = Buffer.from(event).subarray(0, event.length - 3);
    const seen: Seen = [];
    expect(() => forEachScalar(cut, new Map(), (...args) => seen.push(args))).toThrow(RangeError);
    expect(seen).toEqual([]);
  });

  it("remembers a tag's plugin from its first value, and ignores later tensors of a non-scalar plugin", () => {
    const plugins = new Map<string, string>();
    const first = encodeEventByHand({ step: 1, summary: { value: [{ tag: 'hp', metadata: { pluginData: { pluginName: 'hparams' } }, tensor: { dtype: DT_FLOAT, floatVal: [1] } }] } });
    const later = encodeEventByHand({ step: 2, summary: { value: [{ tag: 'hp', tensor: { dtype: DT_FLOAT, floatVal: [2] } }] } });
    expect(scalarsOf(first, plugins)).toEqual([]);
    expect(scalarsOf(later, plugins)).toEqual([]);
    expect(plugins.get('hp')).toBe('hparams');
    // Without that memory (another file), the same tensor reads as a scalar.
    expect(scalarsOf(later)).toEqual([['hp', 2, 2, 0]]);
  });
});
