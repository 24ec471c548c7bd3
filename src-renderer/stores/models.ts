// The model bundles the engine can load into live inspection, and the one it
// runs now (from the engine's status, so every screen shows the same model).
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { z } from 'zod';
import type { ModelListSchema } from '../../src-shared/model-contract.js';
import { useLoupeClient } from '../client/client-key.js';
import { callEngine } from './request.js';
import { useLiveStore } from './live.js';

export const useModelsStore = defineStore('models', () => {
  const client = useLoupeClient();
  const live = useLiveStore();
  const shelf = shallowRef<z.infer<typeof ModelListSchema>>({ bundles: [], problems: [] });
  const busy = ref(false);
  const loaded = computed(() => live.status?.model ?? null);

  async function refresh(): Promise<void> {
    const listed = await callEngine(client, 'model.list', {});
    if (listed) shelf.value = listed;
  }

  /** Loads `name` beside the rules, or unloads the model for ''. */
  async function choose(name: string): Promise<void> {
    busy.value = true;
    try {
      if (name === '') await callEngine(client, 'model.unload', {});
      else await callEngine(client, 'model.load', { name });
    } finally {
      busy.value = false;
    }
  }

  return { shelf, busy, loaded, refresh, choose };
});
