import { createWriteStream, existsSync, statSync, type Stats, type WriteStream } from 'node:fs';
import { pino, type LoggerOptions } from 'pino';
import type { LogLevel } from '../kernel/log-entry.js';
import { clipText } from '../kernel/clip-text.js';
import { REDACTED, SECRET_FIELD_NAMES, createRedactor, redactValues, type Redactor } from '../kernel/redact.js';
import { ensureDir, logFilePath } from '../persistence/paths.js';

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

/** The JSON-lines log file: one object per line, files per profile and local day. */
export interface LogFile {
  /** Queues one record and returns at once; the file is written in the background. */
  write(record: LogRecord): void;
  /** Writes what is still queued and closes the file; later writes are dropped. Safe to call twice. */
  close(): Promise<void>;
}

/** A busy trading day logs a few MB; only something logging in a loop fills a file. */
export const DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024;

/**
 * At most 200 MB a day by default. Counted per day, not in total: past days are the trader's record
 * and never deleted here, and only a runaway within one day needs stopping. When the last is full,
 * writing stops rather than deleting the day's first files: they hold the day's trading and the
 * start of whatever is logging so much.
 */
export const DEFAULT_MAX_FILES_PER_DAY = 10;

/** Longest message, and longest string in a field, in characters: a line stays readable with jq or less. */
export const MAX_LOG_FILE_TEXT = 2_000;

export interface LogFileOptions {
  readonly dir: string;
  readonly profile: string;
  /** The redaction every sink shares (see createRedactor); without it, credential shapes only. */
  readonly redact?: Redactor;
  /** A file grown to this many bytes is closed and the day goes on in the next, `….1.jsonl`, `….2.jsonl`. */
  readonly maxFileBytes?: number;
  /** Files one day may fill, the first one included. */
  readonly maxFilesPerDay?: number;
  /**
   * The first failure, in words naming the file and what to do: the directory cannot be made, a
   * file cannot be opened or written, a file is read-only, the day's files are full. The log file
   * gives up after it; trading goes on, since the log pane and the profile still have the news.
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

interface OpenFile {
  readonly stream: WriteStream;
  /** The path of the day's first file, which names the others. */
  readonly first: string;
  /** 0 for the day's first file, n for `….n.jsonl`. */
  readonly part: number;
  /** The next local midnight: records from then on go to the next day's file. */
  readonly until: number;
  size: number;
  readonly closed: Promise<void>;
}

/** `blotter-sim-2026-01-05.jsonl`, then `blotter-sim-2026-01-05.1.jsonl`, `.2`, … */
function partPath(first: string, part: number): string {
  return part === 0 ? first : first.replace(/\.jsonl$/, `.${part}.jsonl`);
}

function nextMidnight(at: number): number {
  const day = new Date(at);
  return new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1).getTime();
}

function statIfExists(path: string): Stats | undefined {
  return statSync(path, { throwIfNoEntry: false });
}

const CHECK_AND_RESTART = 'check that you may write it and its directory and that the disk has room, then restart Blotter';

/** The system's error code (`EACCES`, `ENOSPC`) says most in a line; the message when there is none. */
function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Opens the log directory (private to its owner) and returns the writer. Records go through pino
 * into an append-mode stream: writes are queued in memory and written by the event loop, so logging
 * never waits on the disk; `close` waits for them. Every message and field is redacted, then
 * clipped, and a file that would grow past its size is closed for the day's next one.
 */
export async function openLogFile(options: LogFileOptions): Promise<LogFile> {
  const { dir, profile } = options;
  const redact = options.redact ?? createRedactor([]);
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const maxFiles = options.maxFilesPerDay ?? DEFAULT_MAX_FILES_PER_DAY;
  // Redacted before it is clipped: a clip could cut a secret short of what the redactor recognises.
  const bounded = (text: string): string => clipText(redact(text), MAX_LOG_FILE_TEXT);
  let failed = false;
  let closing = false;
  let current: OpenFile | undefined;
  const retiring: Promise<void>[] = [];

  const fail = (message: string, cause?: unknown): void => {
    if (failed) return;
    failed = true;
    options.onError?.(new Error(message, { cause }));
  };

  const open = (first: string, part: number, until: number): OpenFile | undefined => {
    if (part >= maxFiles) {
      const last = partPath(first, maxFiles - 1);
      fail(
        `${last} is full, and ${maxFiles} log files are the most kept for one day: ` +
          "find what is logging so much (the log pane shows it), then move the day's files aside and restart Blotter",
      );
      return undefined;
    }
    const path = partPath(first, part);
    let stats: Stats | undefined;
    try {
      stats = statIfExists(path);
    } catch (error) {
      fail(`cannot write the log file ${path} (${reason(error)}): ${CHECK_AND_RESTART}`, error);
      return undefined;
    }
    // Someone made it read-only on purpose (to keep it as evidence, say): it is not ours to change.
    if (stats !== undefined && (stats.mode & 0o200) === 0) {
      fail(`the log file ${path} is read-only and is left as it is: make it writable (chmod u+w) or move it aside, then restart Blotter`);
      return undefined;
    }
    const stream = createWriteStream(path, { flags: 'a', mode: 0o600 });
    const closed = new Promise<void>((resolve) => stream.once('close', () => resolve()));
    stream.on('error', (error) => fail(`cannot write the log file ${path} (${reason(error)}): ${CHECK_AND_RESTART}`, error));
    return { stream, first, part, until, size: stats?.size ?? 0, closed };
  };

  /** The day's newest file, so a restart goes on where the day's last run stopped. */
  const openDay = (at: number): OpenFile | undefined => {
    const first = logFilePath(dir, profile, at);
    let part = 0;
    for (let n = 1; n < maxFiles; n++) if (existsSync(partPath(first, n))) part = n;
    return open(first, part, nextMidnight(at));
  };

  const retire = (file: OpenFile): void => {
    if (!file.stream.destroyed) file.stream.end();
    retiring.push(file.closed);
  };

  // pino hands over each record as one line; a line goes whole into one file.
  const logger = pino(LOGGER_OPTIONS, {
    write(line: string): void {
      let file = current;
      if (file === undefined) return;
      const bytes = Buffer.byteLength(line);
      if (file.size > 0 && file.size + bytes > maxBytes) {
        retire(file);
        file = current = open(file.first, file.part + 1, file.until);
        if (file === undefined) return;
      }
      file.stream.write(line);
      file.size += bytes;
    },
  });

  try {
    await ensureDir(dir);
  } catch (error) {
    fail(`cannot create the log directory ${dir} (${reason(error)}): check that you may write there, or choose another --data-dir`, error);
  }

  return {
    write(record) {
      if (failed || closing) return;
      if (current === undefined || record.at >= current.until) {
        if (current !== undefined) retire(current);
        current = openDay(record.at);
        if (current === undefined) return;
      }
      const fields = record.fields === undefined ? {} : (redactValues(record.fields, bounded) as Record<string, unknown>);
      logger[record.level]({ time: new Date(record.at).toISOString(), source: record.source, ...fields }, bounded(record.message));
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
