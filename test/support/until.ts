/**
 * Waits in real time (sockets, child processes) until `done` holds, checking every few
 * milliseconds; fails naming what it waited for once `withinMs` has passed.
 */
export async function until(done: () => boolean, what: string, withinMs = 5_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
