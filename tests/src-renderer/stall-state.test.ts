// @vitest-environment happy-dom
// The line state shown honestly: a running line whose source went quiet reads
// "NO FRAMES N s", not RUNNING.
import { describe, expect, it } from 'vitest';
import { mount, flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import TopBar from '../../src-renderer/components/TopBar.vue';
import { LOUPE_CLIENT } from '../../src-renderer/client/client-key.js';
import { useLiveStore } from '../../src-renderer/stores/live.js';
import { FakeClient, makeStatus } from './fixtures.js';

describe('line state', () => {
  it('says how long no frames have come while running, and RUNNING again when they do', async () => {
    const pinia = createPinia();
    setActivePinia(pinia);
    const w = mount(TopBar, { global: { plugins: [pinia], provide: { [LOUPE_CLIENT as symbol]: new FakeClient() } } });
    const live = useLiveStore();
    live.connected = true;
    live.status = makeStatus({ running: true, stalledSec: 7 });
    await flushPromises();
    expect(w.find('[data-testid="run-state"]').text()).toBe('NO FRAMES 7 s');
    expect(w.find('[data-testid="run-state"]').classes()).toContain('stalled');
    live.status = makeStatus({ running: true, stalledSec: null });
    await flushPromises();
    expect(w.find('[data-testid="run-state"]').text()).toBe('RUNNING');
  });
});
