/** Base of every error Blotter raises on purpose; `message` is always one line fit for the screen. */
export class BlotterError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class InvalidTransitionError extends BlotterError {
  constructor(
    readonly from: string,
    readonly event: string,
  ) {
    super(`order in state ${from} cannot take event ${event}`);
  }
}

export class ValidationError extends BlotterError {}
