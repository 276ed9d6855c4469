import { benchCoreThroughput } from './core-throughput.js';
import { benchDetectionLatency } from './detection-latency.js';
import { benchStartup } from './startup.js';

// Each benchmark prints its own figures; none of them pass or fail.
await benchCoreThroughput();
await benchDetectionLatency();
await benchStartup();
