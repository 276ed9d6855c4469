import { useEffect, useState } from 'react';

/**
 * The current time, refreshed every `intervalMs` while one is given. Passing undefined stops the
 * ticking, so an idle console does no work at all.
 */
export function useNow(now: () => number, intervalMs: number | undefined): number {
  const [value, setValue] = useState(now);
  useEffect(() => {
    if (intervalMs === undefined) return;
    setValue(now());
    const timer = setInterval(() => setValue(now()), intervalMs);
    return () => clearInterval(timer);
  }, [now, intervalMs]);
  return value;
}
