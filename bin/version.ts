/** Kept by hand in step with package.json, so the bundle needs no file read at startup. */
export const VERSION = '0.1.0';
