// The renderer's privileged origin. Everything that decides whether a page or
// a message is "ours" compares against this one constant.
export const APP_SCHEME = 'app';
export const APP_HOST = 'loupe';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;
