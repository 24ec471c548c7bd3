// Renderer entry: pick the transport, provide it, mount the operator screen.
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { LOUPE_CLIENT } from './client/client-key.js';
import { createClient } from './client/create-client.js';
import { installProbe } from './probe.js';
import './styles/base.css';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
app.provide(LOUPE_CLIENT, createClient());
app.mount('#app');
installProbe(pinia);
