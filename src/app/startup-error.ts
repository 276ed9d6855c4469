import { BlotterError } from '../domain/errors.js';

/** A session that cannot start as configured: one line saying why and what to do. */
export class StartupError extends BlotterError {}
