import { useEffect, useState } from 'react';
import { useStdout } from 'ink';
import type { TerminalSize } from './layout.js';

/** What a terminal that does not say its size (a pipe, a test stream) is assumed to be. */
const FALLBACK: TerminalSize = { columns: 80, rows: 24 };

function measure(stdout: NodeJS.WriteStream): TerminalSize {
  return { columns: stdout.columns || FALLBACK.columns, rows: stdout.rows || FALLBACK.rows };
}

/**
 * The terminal's size, kept current on resize. Ink 6 re-lays out on resize but does not re-render
 * components, and the frame height is ours to keep below the terminal's, so we listen ourselves.
 */
export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => measure(stdout));
  useEffect(() => {
    const update = (): void => {
      setSize((previous) => {
        const next = measure(stdout);
        return next.columns === previous.columns && next.rows === previous.rows ? previous : next;
      });
    };
    update();
    stdout.on('resize', update);
    return () => {
      stdout.off('resize', update);
    };
  }, [stdout]);
  return size;
}
