// Entry of the run monitor as a forked Node child (web host, tests).
import { serveAsChild } from '../host/service-entry.js';
import { createRunsServer, runsOptionsFromEnv } from './runs-server.js';

serveAsChild('workbench', (port) => createRunsServer(port, runsOptionsFromEnv()));
