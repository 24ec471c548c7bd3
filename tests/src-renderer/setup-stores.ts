// Creates an app + Pinia with a FakeClient provided, the way main.ts wires the
// real one, so stores' inject() finds the client.
import { createApp, type App } from 'vue';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { LOUPE_CLIENT } from '../../src-renderer/client/client-key.js';
import { FakeClient } from './fixtures.js';

export function setupStores(client = new FakeClient()): { app: App; pinia: Pinia; client: FakeClient } {
  const app = createApp({ render: () => null });
  const pinia = createPinia();
  app.use(pinia);
  app.provide(LOUPE_CLIENT, client);
  setActivePinia(pinia);
  return { app, pinia, client };
}

/** Lets queued promise callbacks run (the fake client answers asynchronously). */
export const flush = async (times = 5) => {
  for (let i = 0; i < times; i++) await Promise.resolve();
};
