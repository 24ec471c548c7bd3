// Entry of the trainer as an Electron utility process: main hands it a
// MessagePort per window; data under LOUPE_DATA_DIR.
import { serveAsUtility } from '../../host/service-entry.js';
import { createTrainerService } from './trainer-service.js';
import { trainerPathsFromEnv } from './trainer-paths.js';

serveAsUtility('trainer', (port) => createTrainerService(port, { paths: trainerPathsFromEnv() }));
