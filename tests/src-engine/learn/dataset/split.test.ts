// Splits: by part (all crops of one part together), stratified by class, and
// seeded (same seed → same split, whatever the input order).
import { describe, expect, it } from 'vitest';
import { counts, splitByPart, type SplitItem } from '../../../../src-engine/learn/dataset/split.js';
import { DEFAULT_FRACTIONS } from '../../../../src-engine/learn/dataset/sample.js';

/** 3 crops per part; 60 good parts, 20 chip, 5 crack. */
function items(): SplitItem[] {
  const out: SplitItem[] = [];
  const add = (label: string, parts: number) => {
    for (let p = 0; p < parts; p++) for (let v = 0; v < 3; v++) out.push({ partKey: `${label}-${p}`, label });
  };
  add('good', 60);
  add('chip', 20);
  add('crack', 5);
  return out;
}

describe('splitByPart', () => {
  it('puts every crop of a part in one split', () => {
    const all = items();
    const splits = splitByPart(all, 4, DEFAULT_FRACTIONS);
    const byPart = new Map<string, Set<string>>();
    all.forEach((it, i) => byPart.set(it.partKey, (byPart.get(it.partKey) ?? new Set()).add(splits[i])));
    for (const s of byPart.values()) expect(s.size).toBe(1);
  });

  it('stratifies: each class is split in the fractions, and small classes still reach every split', () => {
    const all = items();
    const splits = splitByPart(all, 4, DEFAULT_FRACTIONS);
    const parts = (label: string, split: string) => new Set(all.filter((it, i) => it.label === label && splits[i] === split).map((it) => it.partKey)).size;
    expect([parts('good', 'train'), parts('good', 'val'), parts('good', 'test')]).toEqual([42, 9, 9]);
    expect([parts('chip', 'train'), parts('chip', 'val'), parts('chip', 'test')]).toEqual([14, 3, 3]);
    expect([parts('crack', 'train'), parts('crack', 'val'), parts('crack', 'test')]).toEqual([3, 1, 1]);
  });

  it('is seeded: the same seed gives the same split in any input order, another seed another split', () => {
    const all = items();
    const a = splitByPart(all, 4, DEFAULT_FRACTIONS);
    const reversed = [...all].reverse();
    const b = splitByPart(reversed, 4, DEFAULT_FRACTIONS).reverse();
    expect(b).toEqual(a);
    expect(splitByPart(all, 5, DEFAULT_FRACTIONS)).not.toEqual(a);
  });

  it('counts: a fraction of 0 leaves that split empty; a class too small for every split fills train first', () => {
    expect(counts(10, { train: 0.8, val: 0.2, test: 0 })).toEqual({ train: 8, val: 2, test: 0 });
    expect(counts(2, DEFAULT_FRACTIONS)).toEqual({ train: 2, val: 0, test: 0 });
    expect(counts(3, DEFAULT_FRACTIONS)).toEqual({ train: 1, val: 1, test: 1 });
  });
});
