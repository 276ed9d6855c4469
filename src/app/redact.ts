/** What a secret is replaced with, in the log file and anywhere else text leaves the process. */
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

/** A value that follows a name: up to the next space, quote, comma, semicolon or `&`. */
const VALUE = `[^\\s"',;&]+`;

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
  new RegExp(`\\b([\\w.-]*(?:key|secret|token|password)[\\w.-]*(?:["']?\\s*=\\s*["']?|["']\\s*:\\s*["']))${VALUE}`, 'gi'),
  // `token: …` and `x-api-key: …` as header lines, when the value looks like a credential rather than a count.
  new RegExp(`\\b([\\w.-]*(?:key|secret|token|password)[\\w.-]*\\s*:\\s*)(?=[\\w./+=-]{8,})${VALUE}`, 'gi'),
];

/** Shorter values would match ordinary words; real keys are 20 characters and more. */
const MIN_SECRET_LENGTH = 6;

/** The configured credential values, so they are caught however they appear in text. */
export function secretsFromEnv(env: Readonly<Record<string, string | undefined>>): string[] {
  return SECRET_ENV_NAMES.map((name) => env[name]?.trim() ?? '').filter((value) => value.length >= MIN_SECRET_LENGTH);
}

/** Replaces every known secret value and every credential-shaped `name=value` in `text`. */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= MIN_SECRET_LENGTH) out = out.split(secret).join(REDACTED);
  for (const pattern of PATTERNS) out = out.replace(pattern, `$1${REDACTED}`);
  return out;
}

/** Redacts the text of every string inside a structured value; field names are left to the logger's path redaction. */
export function redactValues(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (Array.isArray(value)) return value.map((item) => redactValues(item, secrets));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, redactValues(item, secrets)]));
  }
  return value;
}
