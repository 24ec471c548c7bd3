// Read-only figures for benchmarks and browser tests, installed only when the
// page was opened with ?probe=1: plain numbers from the live store, no handle
// on the client, so it grants a page script nothing it could not read off the screen.
import type { Pinia } from 'pinia';
import { useLiveStore } from './stores/live.js';

declare global {
  interface Window {
    loupeProbe?: { read(): ReturnType<ReturnType<typeof useLiveStore>['probe']>; reset(): void };
  }
}

export function installProbe(pinia: Pinia): void {
  if (new URLSearchParams(location.search).get('probe') !== '1') return;
  const live = useLiveStore(pinia);
  window.loupeProbe = Object.freeze({ read: () => live.probe(), reset: () => live.resetProbe() });
}
