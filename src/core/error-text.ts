/** An error as one line for the trader's log. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
