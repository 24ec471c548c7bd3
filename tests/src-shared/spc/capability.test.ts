import { describe, expect, it } from 'vitest';
import { capability } from '../../../src-shared/spc/capability.js';

describe('capability', () => {
  // NIST/SEMATECH e-Handbook of Statistical Methods, 6.1.6 "What is Process Capability?":
  // USL = 20, LSL = 8, μ = 16, σ = 2 → Cp = 1.0, Cpu = 0.6667, Cpl = 1.3333, Cpk = 0.6667.
  // The example states mean and sigma directly, so both sigmas are set to 2.
  it('reproduces the NIST e-Handbook 6.1.6 example', () => {
    const c = capability({ band: { min: 8, max: 20 }, mean: 16, sigmaWithin: 2, sigmaOverall: 2 });
    expect(c.cp).toEqual({ value: 1 });
    expect(c.cpk.value).toBeCloseTo(0.6667, 4);
    expect(c.pp).toEqual({ value: 1 });
    expect(c.ppk.value).toBeCloseTo(0.6667, 4);
  });

  it('uses the within sigma for Cp/Cpk and the overall sigma for Pp/Ppk', () => {
    const c = capability({ band: { min: 8, max: 20 }, mean: 14, sigmaWithin: 1, sigmaOverall: 2 });
    expect(c.cp).toEqual({ value: 2 });
    expect(c.cpk).toEqual({ value: 2 });
    expect(c.pp).toEqual({ value: 1 });
    expect(c.ppk).toEqual({ value: 1 });
  });

  it('takes Cpk from the one side a one-sided band has, and says why Cp is absent', () => {
    const upperOnly = capability({ band: { max: 20 }, mean: 16, sigmaWithin: 2, sigmaOverall: 2 });
    expect(upperOnly.cpk.value).toBeCloseTo(4 / 6, 12);
    expect(upperOnly.cp).toEqual({ value: null, reason: "Cp compares the band's width with 6σ and needs both limits; the band has only an upper limit (max 20)" });
    expect(upperOnly.pp.value).toBeNull();

    const lowerOnly = capability({ band: { min: 8 }, mean: 16, sigmaWithin: 2, sigmaOverall: 4 });
    expect(lowerOnly.cpk.value).toBeCloseTo(8 / 6, 12);
    expect(lowerOnly.ppk.value).toBeCloseTo(8 / 12, 12);
    expect(lowerOnly.cp.value === null && lowerOnly.cp.reason).toContain('only a lower limit (min 8)');
  });

  it('gives no index without a band, with the reason, and keeps mean and sigmas', () => {
    const c = capability({ band: null, mean: 16, sigmaWithin: 2, sigmaOverall: 2.5 });
    for (const index of [c.cp, c.cpk, c.pp, c.ppk]) {
      expect(index.value).toBeNull();
      if (index.value === null) expect(index.reason).toMatch(/^no tolerance band for this metric, so no (Cp|Cpk|Pp|Ppk)$/);
    }
    expect(c.sigmaOverall).toBe(2.5);
  });

  it('gives no index when there is no spread or too little data to have one', () => {
    const flat = capability({ band: { min: 8, max: 20 }, mean: 16, sigmaWithin: 0, sigmaOverall: Number.NaN });
    expect(flat.cpk.value === null && flat.cpk.reason).toContain('the within-subgroup sigma is 0 (no variation)');
    expect(flat.ppk.value === null && flat.ppk.reason).toContain('needs the overall sigma, which needs at least two values');
  });
});
