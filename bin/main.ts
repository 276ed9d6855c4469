import { parseArgs } from '../src/app/config.js';
import { openSession } from '../src/app/session.js';
import { BlotterError } from '../src/domain/errors.js';
import { errorText } from '../src/core/engine.js';
import { runConsole } from './console.js';
import { VERSION } from './version.js';

/** Picks what to run from the command line; returns the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(argv, VERSION);
  if (parsed.kind === 'exit') {
    if (parsed.output !== '') (parsed.code === 0 ? process.stdout : process.stderr).write(`${parsed.output}\n`);
    return parsed.code;
  }
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stderr.write('blotter: the console needs a terminal (stdin and stdout must be a TTY)\n');
    return 2;
  }
  let session;
  try {
    session = await openSession(parsed.config);
  } catch (error) {
    process.stderr.write(`blotter: ${error instanceof BlotterError ? error.message : errorText(error)}\n`);
    return 1;
  }
  return runConsole(session, parsed.config);
}
