/** What a secret is replaced with, wherever text leaves the process or reaches the screen. */
export const REDACTED = '[redacted]';

/** The environment variables that carry broker credentials (the Alpaca SDK's convention). */
export const SECRET_ENV_NAMES = ['APCA_API_KEY_ID', 'APCA_API_SECRET_KEY'] as const;

/** Field names whose values are credentials, wherever they appear in a structured log record. */
export const SECRET_FIELD_NAMES = [
  'key',
  'secret',
  'token',
  'password',
  'authorization',
  'apiKey',
  'apiKeyId',
  'apiSecret',
  'secretKey',
  'accessToken',
  'APCA-API-KEY-ID',
  'APCA-API-SECRET-KEY',
  'APCA_API_KEY_ID',
  'APCA_API_SECRET_KEY',
] as const;

/**
 * The one redaction every sink applies (the log pane, the profile's log, the log file, the command
 * history, reports): the configured credential values and every credential-shaped `name=value`.
 */
export type Redactor = (text: string) => string;

/** A value that follows a name: up to the next space, quote, comma, semicolon or `&`. */
const VALUE = `[^\\s"',;&]+`;

/**
 * A whole run of name characters holding a credential word. The run is found from its start and the
 * word by a lookahead: letting the engine choose both where a name starts and where its word sits
 * took cubic time on text like `key.key.key…` (1.5 s for 2,000 characters, minutes for 10,000).
 */
const CREDENTIAL_NAME = `(?<![\\w.-])(?=[\\w.-]*?(?:key|secret|token|password))[\\w.-]+`;

/**
 * Text shapes that carry a credential. Each keeps the name and separator, so the line still says
 * what was there, and replaces the value.
 */
const PATTERNS: readonly RegExp[] = [
  // Alpaca's headers and environment variables, `APCA-API-KEY-ID: PK…`, `APCA_API_SECRET_KEY=…`.
  new RegExp(`\\b(APCA[-_]API[-_](?:KEY[-_]ID|SECRET[-_]KEY)["']?\\s*[:=]\\s*["']?)${VALUE}`, 'gi'),
  // `Authorization: Bearer …` and friends; the scheme goes too, it is part of the credential line.
  new RegExp(`\\b((?:proxy-)?authorization["']?\\s*[:=]\\s*["']?)(?:(?:bearer|basic|token)\\s+)?${VALUE}`, 'gi'),
  new RegExp(`\\b(bearer\\s+)${VALUE}`, 'gi'),
  // `key=…`, `api_key=…`, `secret=…`, `token=…` (query strings, config dumps) and `"apiKey":"…"` (JSON).
  new RegExp(`(${CREDENTIAL_NAME}(?:["']?\\s*=\\s*["']?|["']\\s*:\\s*["']))${VALUE}`, 'gi'),
  // `token: …` and `x-api-key: …` as header lines, when the value looks like a credential rather than a count.
  new RegExp(`(${CREDENTIAL_NAME}\\s*:\\s*)(?=[\\w./+=-]{8})${VALUE}`, 'gi'),
];

/**
 * Every pattern above needs one of these words, so a line without them (nearly every line: fills,
 * retries, statuses) is passed by one test instead of five replaces. The core logs a line per fill.
 */
const CREDENTIAL_WORD = /key|secret|token|password|authorization|bearer/i;

/** Shorter values would match ordinary words; real keys are 20 characters and more. */
const MIN_SECRET_LENGTH = 6;

/** The configured credential values, so they are caught however they appear in text. */
export function secretsFromEnv(env: Readonly<Record<string, string | undefined>>): string[] {
  return SECRET_ENV_NAMES.map((name) => env[name]?.trim() ?? '').filter((value) => value.length >= MIN_SECRET_LENGTH);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The redactor for these secret values (see secretsFromEnv); with none, it still catches every
 * credential shape. Values match in any case: the command language upper-cases some words, so a key
 * typed in lower case can come back in upper case, and no real text holds a key's letters by chance.
 */
export function createRedactor(secrets: readonly string[]): Redactor {
  // Longest first, so a secret that contains another is replaced whole.
  const values = secrets
    .map((secret) => secret.trim())
    .filter((secret) => secret.length >= MIN_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length);
  const known = values.length === 0 ? undefined : new RegExp(values.map(escapeRegExp).join('|'), 'gi');
  return (text) => {
    let out = known === undefined ? text : text.replace(known, REDACTED);
    if (!CREDENTIAL_WORD.test(out)) return out;
    for (const pattern of PATTERNS) out = out.replace(pattern, `$1${REDACTED}`);
    return out;
  };
}

/** Applies `redact` to every string inside a structured value; field names are left to the logger's path redaction. */
export function redactValues(value: unknown, redact: Redactor): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactValues(item, redact));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, redactValues(item, redact)]));
  }
  return value;
}
