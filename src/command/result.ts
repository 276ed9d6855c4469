/** The outcome of reading one piece of a command: a value, or the one-line error to show. */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export type Failure = { readonly ok: false; readonly error: string };

export function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

export function fail(error: string): Failure {
  return { ok: false, error };
}
