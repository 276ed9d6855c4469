import { createWriteStream, type WriteStream } from 'node:fs';
import { pino, type Logger, type LoggerOptions } from 'pino';
import type { LogLevel } from '../core/events.js';
import { ensureDir, logFilePath } from '../persistence/paths.js';
import { REDACTED, SECRET_FIELD_NAMES, redactText, redactValues } from './redact.js';

/** Who said it: the execution core, or the answer to a command the trader typed. */
export type LogSource = 'core' | 'command';

export interface LogRecord {
  readonly at: number;
  readonly level: LogLevel;
  readonly source: LogSource;
  readonly message: string;
  /** Written beside the message as JSON fields (`time`, `level`, `source` and `message` are taken). */
  readonly fields?: Readonly<Record<string, unknown>>;
}

/** The JSON-lines log file: one object per line, one file per profile and local day. */
export interface LogFile {
  /** Queues one record and returns at once; the file is written in the background. */
  write(record: LogRecord): void;
  /** Writes what is still queued and closes the file; later writes are dropped. Safe to call twice. */
  close(): Promise<void>;
}

export interface LogFileOptions {
  readonly dir: string;
  readonly profile: string;
  /** Credential values to keep out of the file however they appear (see secretsFromEnv). */
  readonly secrets?: readonly string[];
  /**
   * The first failure (the directory cannot be made, a write fails). The log file gives up after it;
   * trading goes on, since the log pane and the profile still have the news.
   */
  readonly onError?: (error: Error) => void;
}

/** `name` and `<anything>.name`, in the path syntax of pino's redact. */
function redactPaths(): string[] {
  return SECRET_FIELD_NAMES.flatMap((name) => {
    const path = /^\w+$/.test(name) ? name : `["${name}"]`;
    return [path, path.startsWith('[') ? `*${path}` : `*.${path}`];
  });
}

const LOGGER_OPTIONS: LoggerOptions = {
  level: 'debug',
  // No pid or hostname: the file is the trader's own, and the time comes from the record.
  base: null,
  timestamp: false,
  messageKey: 'message',
  formatters: { level: (label) => ({ level: label }) },
  redact: { paths: redactPaths(), censor: REDACTED },
};

interface DayFile {
  readonly logger: Logger;
  readonly stream: WriteStream;
  /** The next local midnight: records from then on go to the next day's file. */
  readonly until: number;
  readonly closed: Promise<void>;
}

function nextMidnight(at: number): number {
  const day = new Date(at);
  return new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1).getTime();
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * Opens the log directory (private to its owner) and returns the writer. Records go through pino
 * into an append-mode stream: writes are queued in memory and written by the event loop, so logging
 * never waits on the disk; `close` waits for them.
 */
export async function openLogFile(options: LogFileOptions): Promise<LogFile> {
  const { dir, profile } = options;
  const secrets = options.secrets ?? [];
  let failed = false;
  let closing = false;
  let current: DayFile | undefined;
  const retiring: Promise<void>[] = [];

  const fail = (error: unknown): void => {
    if (failed) return;
    failed = true;
    options.onError?.(asError(error));
  };

  const open = (at: number): DayFile => {
    const stream = createWriteStream(logFilePath(dir, profile, at), { flags: 'a', mode: 0o600 });
    const closed = new Promise<void>((resolve) => stream.once('close', () => resolve()));
    stream.on('error', fail);
    return { logger: pino(LOGGER_OPTIONS, stream), stream, until: nextMidnight(at), closed };
  };

  const retire = (file: DayFile): void => {
    if (!file.stream.destroyed) file.stream.end();
    retiring.push(file.closed);
  };

  try {
    await ensureDir(dir);
  } catch (error) {
    fail(error);
  }

  return {
    write(record) {
      if (failed || closing) return;
      if (current === undefined || record.at >= current.until) {
        if (current !== undefined) retire(current);
        current = open(record.at);
      }
      const fields = record.fields === undefined ? {} : (redactValues(record.fields, secrets) as Record<string, unknown>);
      current.logger[record.level](
        { time: new Date(record.at).toISOString(), source: record.source, ...fields },
        redactText(record.message, secrets),
      );
    },
    async close() {
      if (!closing) {
        closing = true;
        if (current !== undefined) retire(current);
        current = undefined;
      }
      await Promise.all(retiring);
    },
  };
}
