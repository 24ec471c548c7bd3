// SPC data for the SPC screen: every live result's part metrics go into a
// bounded plain buffer (lib/spc-buffer.ts), whichever screen is shown, so the
// charts have history the moment they are opened. `revision` moves at most
// once a second: SPC limits are read over minutes, not frames.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { useLoupeClient } from '../client/client-key.js';
import { useRecipeStore } from './recipe.js';
import { SpcBuffer } from '../lib/spc-buffer.js';

export const SPC_REFRESH_MS = 1000;

export const useSpcStore = defineStore('spc', () => {
  const client = useLoupeClient();
  const recipe = useRecipeStore();
  const buffer = new SpcBuffer();
  const revision = ref(0);
  let timer: ReturnType<typeof setTimeout> | null = null;

  function bump(): void {
    timer = null;
    revision.value++;
  }

  let off: (() => void) | null = null;
  function attach(): void {
    off ??= client.onDidReceiveFrame((event) => {
      buffer.ingest(event.result, recipe.mmPerPixel);
      timer ??= setTimeout(bump, SPC_REFRESH_MS);
    });
  }
  function detach(): void {
    off?.();
    off = null;
    if (timer !== null) clearTimeout(timer);
    timer = null;
  }

  /** After a recipe or calibration change the old values are in other units or bands: start over. */
  function clear(): void {
    buffer.clear();
    bump();
  }

  return { buffer, revision, attach, detach, clear };
});
