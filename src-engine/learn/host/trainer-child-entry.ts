// Entry of the trainer as a forked Node child (web host, tests): train.* over
// the IPC channel, data under LOUPE_DATA_DIR.
import { serveAsChild } from '../../host/service-entry.js';
import { createTrainerService } from './trainer-service.js';
import { trainerPathsFromEnv } from './trainer-paths.js';

serveAsChild('trainer', (port) => createTrainerService(port, { paths: trainerPathsFromEnv() }));
