// The store's settings a host can set through the environment: how many OK
// pictures to keep and how much disk the pictures may take. A bad value is
// refused with the reason and the default is used; recording goes on.
import type { ResultStoreOptions } from './result-store.js';

export const KEEP_EVERY_NTH_OK_ENV = 'LOUPE_KEEP_EVERY_NTH_OK';
export const IMAGE_QUOTA_MB_ENV = 'LOUPE_IMAGE_QUOTA_MB';

export interface StoreSettings {
  options: Pick<ResultStoreOptions, 'keepEveryNthOk' | 'imageQuotaBytes'>;
  /** One sentence per refused value. */
  problems: string[];
}

export function storeSettingsFromEnv(env: NodeJS.ProcessEnv): StoreSettings {
  const options: StoreSettings['options'] = {};
  const problems: string[] = [];
  const nth = env[KEEP_EVERY_NTH_OK_ENV];
  if (nth !== undefined && nth !== '') {
    const n = Number(nth);
    if (Number.isInteger(n) && n >= 0) options.keepEveryNthOk = n;
    else problems.push(`${KEEP_EVERY_NTH_OK_ENV}=${JSON.stringify(nth)} is not a whole number >= 0 (0 keeps no OK pictures); using the default`);
  }
  const quota = env[IMAGE_QUOTA_MB_ENV];
  if (quota !== undefined && quota !== '') {
    const mb = Number(quota);
    if (Number.isFinite(mb) && mb > 0) options.imageQuotaBytes = Math.round(mb * 1e6);
    else problems.push(`${IMAGE_QUOTA_MB_ENV}=${JSON.stringify(quota)} is not a positive number of megabytes; using the default`);
  }
  return { options, problems };
}
