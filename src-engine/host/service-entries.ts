// Where each non-engine service's process starts, and the cheap request that
// tells its host it is ready. One table, so the web host, the tests and the
// Electron build all start the same modules.
import { fileURLToPath } from 'node:url';
import type { RequestMethod } from '../../src-shared/messages.js';
import type { ServiceName } from '../../src-shared/services.js';

export type SideService = Exclude<ServiceName, 'engine'>;

export const SIDE_SERVICES: readonly SideService[] = ['trainer', 'workbench'];

/** Entries for a forked Node child (web host, tests). */
export const SERVICE_CHILD_ENTRIES: Record<SideService, string> = {
  trainer: fileURLToPath(new URL('../learn/host/trainer-child-entry.ts', import.meta.url)),
  workbench: fileURLToPath(new URL('../workbench/workbench-child-entry.ts', import.meta.url)),
};

export const SERVICE_READY_METHODS: Record<SideService, RequestMethod> = {
  trainer: 'train.status',
  workbench: 'runs.list',
};
