import { setMaxListeners } from 'node:events';

/** Every retry wait listens on this signal, so many may at once; that is not a leak. */
export function abortOnShutdown(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}
