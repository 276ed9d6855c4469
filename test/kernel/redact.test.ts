import { describe, expect, it } from 'vitest';
import { createRedactor, redactValues, secretsFromEnv } from '../../src/kernel/redact.js';

// Fake credentials shaped like Alpaca's: a key id and a secret key.
const FAKE_KEY_ID = 'PKTEST0FAKE0KEY0ID42';
const FAKE_SECRET = 'fAkEsEcReT0123456789abcdefGHIJKLMNOPqrst';

const redact = createRedactor(secretsFromEnv({ APCA_API_KEY_ID: FAKE_KEY_ID, APCA_API_SECRET_KEY: FAKE_SECRET }));

describe('the redactor', () => {
  it('replaces the configured keys and every credential-shaped value, keeping the name', () => {
    const cases: [string, string][] = [
      [`account ${FAKE_KEY_ID} is not authorized`, 'account [redacted] is not authorized'],
      [`halt ${FAKE_KEY_ID}`, 'halt [redacted]'],
      [`headers APCA-API-KEY-ID: ${FAKE_KEY_ID}, APCA-API-SECRET-KEY: ${FAKE_SECRET}`, 'headers APCA-API-KEY-ID: [redacted], APCA-API-SECRET-KEY: [redacted]'],
      ['env APCA_API_KEY_ID=PKOTHERKEY000000 APCA_API_SECRET_KEY="s3cr3t-other-value"', 'env APCA_API_KEY_ID=[redacted] APCA_API_SECRET_KEY="[redacted]"'],
      ['GET /stream?key=abc123def&secret=zzz999yyy&symbols=AAPL failed', 'GET /stream?key=[redacted]&secret=[redacted]&symbols=AAPL failed'],
      ['halt key=PKXXXX1234', 'halt key=[redacted]'],
      ['Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig rejected', 'Authorization: [redacted] rejected'],
      ['auth reply {"token":"tok_live_123456","apiKey":"AKIAFAKE99"}', 'auth reply {"token":"[redacted]","apiKey":"[redacted]"}'],
      ['x-api-key: abcdef0123456789 refused', 'x-api-key: [redacted] refused'],
      ['retry with bearer abc.def.ghi', 'retry with bearer [redacted]'],
      ['.x-key=leading-dot-value', '.x-key=[redacted]'],
    ];
    expect(cases.map(([text]) => redact(text))).toEqual(cases.map(([, redacted]) => redacted));
  });

  it("leaves a trader's ordinary lines as they are", () => {
    const lines = [
      '#1 BUY 10 AAPL filled 10 @ 187.44 (10/10)',
      'submit #2 429 — retry 2/5 in 1.0s',
      'reconcile (startup): 2 differences found and fixed',
      "position mismatch AAPL: here 10, broker 12 — the broker's figure wins",
      'metrics: lane wait p99 3 ms, keyed queue depth 2',
      'monkey: 12 bananas',
      'key: 42',
    ];
    expect(lines.map(redact)).toEqual(lines);
  });

  it('catches a configured key typed in another case, since commands upper-case some words', () => {
    expect(redact(`watch ${FAKE_KEY_ID.toLowerCase()}`)).toBe('watch [redacted]');
  });

  it('replaces a secret that contains another whole', () => {
    const both = createRedactor(['ABCDEF123456', 'ABCDEF123456yyzz']);
    expect(both('got ABCDEF123456yyzz and ABCDEF123456')).toBe('got [redacted] and [redacted]');
  });

  it('ignores configured values too short to be keys, which would eat ordinary words', () => {
    const short = createRedactor(secretsFromEnv({ APCA_API_KEY_ID: 'AAPL', APCA_API_SECRET_KEY: '   ' }));
    expect(short('#1 BUY 10 AAPL filled')).toBe('#1 BUY 10 AAPL filled');
  });

  it('redacts huge text in about the time it takes to read it', () => {
    // Text like this once took seconds for 4,000 characters and minutes for 10,000: the console froze
    // on one log line. The short round fails fast should that come back; the long one would hang.
    for (const length of [4_000, 200_000]) {
      const start = performance.now();
      for (const unit of ['key.', 'a.', 'key: ', '"key":"', 'x-key=']) redact(unit.repeat(length / unit.length));
      expect(performance.now() - start).toBeLessThan(1_000);
    }
  });

  it('redacts every string inside a structured value', () => {
    expect(redactValues({ note: `id ${FAKE_KEY_ID}`, list: ['token=abcdefgh1'], ok: true, count: 2, none: null }, redact)).toEqual({
      note: 'id [redacted]',
      list: ['token=[redacted]'],
      ok: true,
      count: 2,
      none: null,
    });
  });
});
