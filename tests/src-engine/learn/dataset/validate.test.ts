// validateForTraining refuses, with the reason, what would make training
// meaningless, and accepts a dataset that has enough of everything.
import { describe, expect, it } from 'vitest';
import { validateForTraining } from '../../../../src-engine/learn/dataset/validate.js';
import { fakeDataset } from './fake-dataset.js';

const enough = { train: { good: 14, chip: 6 }, val: { good: 3, chip: 2 }, test: { good: 3, chip: 2 } };

describe('validateForTraining', () => {
  it('accepts a dataset with two classes, 20+ samples and 2+ of each class in each split', () => {
    const r = validateForTraining(fakeDataset(enough));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).toMatchObject({ total: 30, counts: { val: { good: 3, chip: 2 } } });
  });

  it('refuses one class only', () => {
    const r = validateForTraining(fakeDataset({ train: { good: 30 }, val: { good: 5 }, test: { good: 5 } }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/only the class good.*at least two classes/);
  });

  it('refuses fewer than 20 samples overall', () => {
    const r = validateForTraining(fakeDataset({ train: { good: 6, chip: 5 }, val: { good: 2, chip: 2 }, test: { good: 2, chip: 2 } }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/19 samples; training needs at least 20/);
  });

  it('refuses a split short of a class, naming each split and class that is short', () => {
    const r = validateForTraining(fakeDataset({ ...enough, val: { good: 3, chip: 1 }, test: { good: 3 } }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/short: val\/chip: 1, test\/chip: 0/);
  });

  it('ignores a split whose fraction is 0', () => {
    const d = fakeDataset({ train: { good: 16, chip: 6 }, val: { good: 3, chip: 2 } });
    d.split.fractions = { train: 0.85, val: 0.15, test: 0 };
    expect(validateForTraining(d).ok).toBe(true);
  });
});
