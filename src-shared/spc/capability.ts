// Process capability against a tolerance band. Cp/Cpk use the within-subgroup
// sigma (R̄/d2 or MR̄/1.128): what the process could do if it stayed in
// control. Pp/Ppk use the overall sample standard deviation: what it did,
// drifts included. Cp and Pp compare the band's width with 6σ, so they need
// both limits; Cpk and Ppk take the nearer limit, so one side is enough.
import type { Band } from '../recipe.js';

/** An index, or why it cannot be given. */
export type CapabilityIndex = { value: number } | { value: null; reason: string };

export interface Capability {
  band: Band | null;
  mean: number;
  sigmaWithin: number;
  sigmaOverall: number;
  cp: CapabilityIndex;
  cpk: CapabilityIndex;
  pp: CapabilityIndex;
  ppk: CapabilityIndex;
}

export interface CapabilityInput {
  /** The recipe's band for this metric (and part class), or null when it has none. */
  band: Band | null;
  mean: number;
  sigmaWithin: number;
  sigmaOverall: number;
}

export function capability(input: CapabilityInput): Capability {
  const { band, mean, sigmaWithin, sigmaOverall } = input;
  return {
    band,
    mean,
    sigmaWithin,
    sigmaOverall,
    cp: spreadIndex(band, sigmaWithin, 'Cp', 'within-subgroup'),
    cpk: locationIndex(band, mean, sigmaWithin, 'Cpk', 'within-subgroup'),
    pp: spreadIndex(band, sigmaOverall, 'Pp', 'overall'),
    ppk: locationIndex(band, mean, sigmaOverall, 'Ppk', 'overall'),
  };
}

function spreadIndex(band: Band | null, sigma: number, name: string, which: string): CapabilityIndex {
  if (!band || (band.min === undefined && band.max === undefined)) return { value: null, reason: `no tolerance band for this metric, so no ${name}` };
  if (band.min === undefined || band.max === undefined) {
    const has = band.min === undefined ? `an upper limit (max ${band.max})` : `a lower limit (min ${band.min})`;
    return { value: null, reason: `${name} compares the band's width with 6σ and needs both limits; the band has only ${has}` };
  }
  const bad = badSigma(sigma, name, which);
  if (bad) return bad;
  return { value: (band.max - band.min) / (6 * sigma) };
}

function locationIndex(band: Band | null, mean: number, sigma: number, name: string, which: string): CapabilityIndex {
  if (!band || (band.min === undefined && band.max === undefined)) return { value: null, reason: `no tolerance band for this metric, so no ${name}` };
  const bad = badSigma(sigma, name, which);
  if (bad) return bad;
  if (!Number.isFinite(mean)) return { value: null, reason: `${name} needs a finite mean, got ${mean}` };
  const upper = band.max === undefined ? Infinity : (band.max - mean) / (3 * sigma);
  const lower = band.min === undefined ? Infinity : (mean - band.min) / (3 * sigma);
  return { value: Math.min(upper, lower) };
}

function badSigma(sigma: number, name: string, which: string): CapabilityIndex | null {
  if (Number.isNaN(sigma)) return { value: null, reason: `${name} needs the ${which} sigma, which needs at least two values` };
  if (!(sigma > 0) || !Number.isFinite(sigma)) return { value: null, reason: `${name} is undefined: the ${which} sigma is ${sigma} (no variation)` };
  return null;
}
