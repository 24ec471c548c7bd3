// Tick labels of the monitor's x axes: steps as compact counts (12k, 1.5M),
// epochs with at most one decimal, wall time as a clock time.
import type { XAxisMode } from '../stores/runs.js';

export function formatCount(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${+(v / 1e6).toFixed(2)}M`;
  if (a >= 1e4) return `${+(v / 1e3).toFixed(1)}k`;
  return `${+v.toFixed(2)}`;
}

export function formatClock(seconds: number): string {
  const d = new Date(seconds * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

export function formatX(axis: XAxisMode, v: number): string {
  if (axis === 'wall') return formatClock(v);
  if (axis === 'epoch') return `${+v.toFixed(1)}`;
  return formatCount(v);
}

export const AXIS_TITLES: Record<XAxisMode, string> = { step: 'step', epoch: 'epoch', wall: 'wall time' };
