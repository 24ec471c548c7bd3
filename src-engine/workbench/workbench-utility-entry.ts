// Entry of the run monitor as an Electron utility process (main hands it each window's port).
import { serveAsUtility } from '../host/service-entry.js';
import { createRunsServer, runsOptionsFromEnv } from './runs-server.js';

serveAsUtility('workbench', (port) => createRunsServer(port, runsOptionsFromEnv()));
