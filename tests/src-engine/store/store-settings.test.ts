import { describe, expect, it } from 'vitest';
import { storeSettingsFromEnv } from '../../../src-engine/store/store-settings.js';

describe('storeSettingsFromEnv', () => {
  it('reads the OK-picture sampling and the picture quota', () => {
    expect(storeSettingsFromEnv({ LOUPE_KEEP_EVERY_NTH_OK: '10', LOUPE_IMAGE_QUOTA_MB: '2500' })).toEqual({
      options: { keepEveryNthOk: 10, imageQuotaBytes: 2_500_000_000 },
      problems: [],
    });
    expect(storeSettingsFromEnv({})).toEqual({ options: {}, problems: [] });
  });

  it('refuses a bad value, naming it, and keeps the good one', () => {
    const s = storeSettingsFromEnv({ LOUPE_KEEP_EVERY_NTH_OK: '2.5', LOUPE_IMAGE_QUOTA_MB: '500' });
    expect(s.options).toEqual({ imageQuotaBytes: 500_000_000 });
    expect(s.problems).toEqual(['LOUPE_KEEP_EVERY_NTH_OK="2.5" is not a whole number >= 0 (0 keeps no OK pictures); using the default']);
    const q = storeSettingsFromEnv({ LOUPE_IMAGE_QUOTA_MB: 'lots' });
    expect(q.problems[0]).toMatch(/LOUPE_IMAGE_QUOTA_MB="lots" is not a positive number/);
  });
});
