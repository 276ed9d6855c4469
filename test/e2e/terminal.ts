import { spawn, type IPty } from 'node-pty';
import xtermHeadless from '@xterm/headless';
import { fileURLToPath } from 'node:url';

const { Terminal } = xtermHeadless;

export const BLOTTER_BIN = fileURLToPath(new URL('../../dist/blotter.js', import.meta.url));

export const KEY = {
  enter: '\r',
  escape: '\x1b',
  ctrlC: '\x03',
  backspace: '\x7f',
  up: '\x1b[A',
  down: '\x1b[B',
} as const;

export interface TerminalOptions {
  /** The built binary; by default the repository's dist/blotter.js. */
  readonly bin?: string;
  readonly args?: readonly string[];
  readonly cols?: number;
  readonly rows?: number;
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * The real `blotter` binary in a pseudo-terminal, its output fed through a headless xterm so a test
 * reads the screen exactly as a trader would see it.
 */
export class TerminalSession {
  private readonly term: InstanceType<typeof Terminal>;
  private readonly pty: IPty;
  private exitCode: number | undefined;
  private readonly exited: Promise<number>;
  private pendingWrites = Promise.resolve();
  /** Told after each chunk of output has reached the screen, so a wait can end the moment it shows. */
  private readonly watchers = new Set<() => void>();

  constructor(options: TerminalOptions = {}) {
    const cols = options.cols ?? 120;
    const rows = options.rows ?? 32;
    this.term = new Terminal({ cols, rows, allowProposedApi: true });
    const env: Record<string, string> = { ...(process.env as Record<string, string>), ...options.env, TERM: 'xterm-256color' };
    // Ink writes nothing until exit when CI is set (is-in-ci), and CI runs with CI=true.
    delete env.CI;
    delete env.CONTINUOUS_INTEGRATION;
    this.pty = spawn(process.execPath, [options.bin ?? BLOTTER_BIN, ...(options.args ?? [])], { name: 'xterm-256color', cols, rows, env });
    this.pty.onData((data) => {
      this.pendingWrites = this.pendingWrites.then(
        () =>
          new Promise<void>((resolve) =>
            this.term.write(data, () => {
              for (const watcher of this.watchers) watcher();
              resolve();
            }),
          ),
      );
    });
    this.exited = new Promise((resolve) => {
      this.pty.onExit(({ exitCode }) => {
        this.exitCode = exitCode;
        resolve(exitCode);
      });
    });
  }

  /** The visible screen, one string per row, trailing spaces trimmed. */
  lines(): string[] {
    const buffer = this.term.buffer.active;
    const out: string[] = [];
    for (let i = 0; i < this.term.rows; i++) out.push(buffer.getLine(buffer.viewportY + i)?.translateToString(true) ?? '');
    return out;
  }

  screen(): string {
    return this.lines().join('\n');
  }

  async waitFor(expected: string | RegExp | ((screen: string) => boolean), timeoutMs = 10_000): Promise<string> {
    const matches = (screen: string): boolean =>
      typeof expected === 'string' ? screen.includes(expected) : expected instanceof RegExp ? expected.test(screen) : expected(screen);
    const deadline = Date.now() + timeoutMs;
    let wake: () => void = () => {};
    const watcher = (): void => wake();
    this.watchers.add(watcher);
    try {
      for (;;) {
        await this.pendingWrites;
        const screen = this.screen();
        if (matches(screen)) return screen;
        if (this.exitCode !== undefined) throw new Error(`blotter exited (${this.exitCode}) while waiting for ${String(expected)}\n${screen}`);
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(expected)}; screen:\n${screen}`);
        // Wakes on the next output, or after a while to notice the deadline or an exit.
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 50);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    } finally {
      this.watchers.delete(watcher);
    }
  }

  /** The process id of the console, for reading its CPU time. */
  get pid(): number {
    return this.pty.pid;
  }

  /** Types text one keystroke at a time, as a person would. */
  async type(text: string): Promise<void> {
    for (const ch of text) {
      this.pty.write(ch);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  press(key: string): void {
    this.pty.write(key);
  }

  /** Ctrl-C, the console's warning, Ctrl-C again: how a trader leaves in a hurry. */
  async ctrlCTwice(): Promise<void> {
    this.press(KEY.ctrlC);
    // Before the console has the keyboard in raw mode, the terminal turns Ctrl-C into SIGINT, which quits at once.
    const warned = await this.waitFor('Ctrl-C again').then(
      () => true,
      (error: unknown) => {
        if (this.exitCode === undefined) throw error;
        return false;
      },
    );
    if (warned) this.press(KEY.ctrlC);
  }

  resize(cols: number, rows: number): void {
    this.pty.resize(cols, rows);
    this.term.resize(cols, rows);
  }

  async waitForExit(timeoutMs = 10_000): Promise<number> {
    const timeout = new Promise<never>((_, reject) => {
      const t = setTimeout(() => reject(new Error(`blotter did not exit within ${timeoutMs} ms:\n${this.screen()}`)), timeoutMs);
      void this.exited.finally(() => clearTimeout(t));
    });
    return Promise.race([this.exited, timeout]);
  }

  kill(): void {
    if (this.exitCode === undefined) this.pty.kill();
  }
}
