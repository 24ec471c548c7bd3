// Trend charts of chosen object metrics. Samples go into plain TrendBuffers
// (not reactive: hundreds of samples a second); the charts re-read a plain
// snapshot only when a bucket closes, signalled by `revision`.
import { defineStore } from 'pinia';
import { ref, shallowRef, triggerRef } from 'vue';
import type { FrameResult } from '../../src-shared/inspection.js';
import { TrendBuffer } from '../lib/trend-buffer.js';

export const DEFAULT_TREND_METRICS = ['area', 'circularity'] as const;
/** Points per chart: 240 buckets of 250 ms is the last minute. */
export const TREND_CAPACITY = 240;
export const TREND_BUCKET_MS = 250;

export const useTrendsStore = defineStore('trends', () => {
  const metrics = ref<string[]>([...DEFAULT_TREND_METRICS]);
  // Map identity never changes; triggerRef tells readers which buffers moved on.
  const buffers = shallowRef(new Map<string, TrendBuffer>());
  const revision = ref(0);

  function bufferFor(metric: string): TrendBuffer {
    let buffer = buffers.value.get(metric);
    if (!buffer) {
      buffer = new TrendBuffer(TREND_CAPACITY, TREND_BUCKET_MS);
      buffers.value.set(metric, buffer);
      triggerRef(buffers);
    }
    return buffer;
  }

  function ingest(result: FrameResult, atMs = result.timestampMs): void {
    let closed = false;
    for (const metric of metrics.value) {
      const values = result.objects.map((o) => (o.metrics as Record<string, number>)[metric]).filter((v) => v !== undefined);
      if (bufferFor(metric).add(atMs, values, { seq: result.seq, timestampMs: result.timestampMs })) closed = true;
    }
    if (closed) revision.value++;
  }

  function setMetrics(next: string[]): void {
    metrics.value = [...next];
    for (const key of [...buffers.value.keys()]) if (!metrics.value.includes(key)) buffers.value.delete(key);
    triggerRef(buffers);
    revision.value++;
  }

  function clear(): void {
    for (const b of buffers.value.values()) b.clear();
    revision.value++;
  }

  return { metrics, buffers, revision, ingest, setMetrics, clear, bufferFor };
});
