// Every failure the operator should see, from any source: a refused request, a
// source error the engine reports in its status, an error log line, a lost
// connection. Bounded, newest first; the banner shows the newest unacknowledged one.
import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import type { LoupeError } from '../../src-shared/result.js';

export interface ShownError {
  id: number;
  atMs: number;
  /** Where it came from, e.g. "run.start", "engine", "connection". */
  origin: string;
  code: string;
  message: string;
  subject?: string;
}

const MAX_KEPT = 50;

export const useErrorsStore = defineStore('errors', () => {
  const items = shallowRef<readonly ShownError[]>([]);
  const dismissedUpTo = shallowRef(0);
  let nextId = 1;

  function report(origin: string, error: Pick<LoupeError, 'message' | 'subject'> & { code: string }): void {
    const entry: ShownError = { id: nextId++, atMs: Date.now(), origin, code: error.code, message: error.message, subject: error.subject };
    items.value = [entry, ...items.value].slice(0, MAX_KEPT);
  }

  const current = computed(() => items.value.find((e) => e.id > dismissedUpTo.value) ?? null);

  function dismiss(): void {
    if (items.value.length) dismissedUpTo.value = items.value[0].id;
  }

  return { items, current, report, dismiss };
});
