import { benchStartup } from './startup.js';

// Each benchmark prints its own figures; none of them pass or fail.
await benchStartup();
