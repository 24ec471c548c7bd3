import { describe, expect, it } from 'vitest';
import { ListenerSet } from '../../src-shared/listener-set.js';

describe('ListenerSet', () => {
  it('delivers to every listener, lets one dispose itself mid-emit, and isolates one that throws', () => {
    const errors: unknown[] = [];
    const set = new ListenerSet<number>((err) => errors.push(err));
    const seen: string[] = [];
    const disposeA = set.add((v) => {
      seen.push(`a${v}`);
      disposeA();
    });
    set.add(() => {
      throw new Error('broken listener');
    });
    set.add((v) => seen.push(`c${v}`));
    set.emit(1);
    set.emit(2);
    expect(seen).toEqual(['a1', 'c1', 'c2']);
    expect(errors.map((e) => (e as Error).message)).toEqual(['broken listener', 'broken listener']);
    expect(set.size).toBe(2);
  });
});
