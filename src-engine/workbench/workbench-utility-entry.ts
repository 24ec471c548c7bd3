// Entry of the workbench (run monitor, review) as an Electron utility process (main hands it each window's port).
import { serveAsUtility } from '../host/service-entry.js';
import { createWorkbenchServer, workbenchOptionsFromEnv } from './workbench-server.js';

serveAsUtility('workbench', (port) => createWorkbenchServer(port, workbenchOptionsFromEnv()));
