import { BlotterError } from '../domain/errors.js';

/** The core declined a request before anything reached the broker, or the broker refused it. */
export class OrderRefusedError extends BlotterError {}
