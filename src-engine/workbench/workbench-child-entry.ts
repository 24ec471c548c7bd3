// Entry of the workbench (run monitor, review) as a forked Node child (web host, tests).
import { serveAsChild } from '../host/service-entry.js';
import { createWorkbenchServer, workbenchOptionsFromEnv } from './workbench-server.js';

serveAsChild('workbench', (port) => createWorkbenchServer(port, workbenchOptionsFromEnv()));
