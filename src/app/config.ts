import { Command, InvalidArgumentError } from 'commander';

export interface ConsoleConfig {
  /** Seed of the simulated market; the same seed replays the same prices. */
  readonly seed: number | undefined;
  /** Where profiles are stored; undefined means the user's data directory. */
  readonly dataDir: string | undefined;
  readonly profile: string;
}

export type ParsedArgs =
  | { readonly kind: 'console'; readonly config: ConsoleConfig }
  | { readonly kind: 'exit'; readonly code: number; readonly output: string };

function parseSeed(text: string): number {
  if (!/^\d{1,15}$/.test(text)) throw new InvalidArgumentError('use a whole number, e.g. --seed 42');
  return Number(text);
}

function parseProfile(text: string): string {
  if (!/^[a-z0-9-]{1,40}$/.test(text)) throw new InvalidArgumentError('use lower-case letters, digits and dashes, e.g. --profile sim');
  return text;
}

/** Reads the command line. Never exits the process itself: the caller prints and exits. */
export function parseArgs(argv: readonly string[], version: string): ParsedArgs {
  let output = '';
  const program = new Command()
    .name('blotter')
    .description('A terminal trading console. Trades on a built-in simulated exchange by default.')
    .version(version, '-v, --version')
    .option('--seed <n>', 'seed of the simulated market (reproducible prices)', parseSeed)
    .option('--data-dir <dir>', 'where orders, fills and positions are stored (default: your data directory, or $BLOTTER_DATA_DIR)')
    .option('--profile <name>', 'which stored profile to use', parseProfile, 'sim')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => {
        output += text;
      },
      writeErr: (text) => {
        output += text;
      },
    });
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    const code = (error as { exitCode?: number }).exitCode ?? 1;
    return { kind: 'exit', code, output: output.trimEnd() };
  }
  const opts = program.opts<{ seed?: number; dataDir?: string; profile: string }>();
  return { kind: 'console', config: { seed: opts.seed, dataDir: opts.dataDir, profile: opts.profile } };
}
