import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { orderRow } from './sessions.js';
import { BLOTTER_BIN, KEY, TerminalSession } from './terminal.js';

const KEY_ID = 'PKE2ETEST0001';
const SECRET = 'e2e-secret-5f1c0a9b';

const cleanup: (() => void)[] = [];

afterEach(() => {
  for (const step of cleanup.splice(0).reverse()) step();
});

/** `blotter emulator` on a free port, as a trader would run it in another terminal; resolves to its URL. */
async function startEmulator(): Promise<string> {
  const child: ChildProcess = spawn(process.execPath, [BLOTTER_BIN, 'emulator', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  cleanup.push(() => child.kill('SIGTERM'));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      if (url !== undefined) resolve(url);
    });
    child.once('exit', (code) => reject(new Error(`the emulator exited (${code}) before listening: ${out}`)));
  });
}

async function admin(url: string, path: string, body?: unknown): Promise<void> {
  const response = await fetch(`${url}${path}`, { method: 'POST', ...(body !== undefined && { body: JSON.stringify(body) }) });
  if (!response.ok) throw new Error(`admin ${path}: ${response.status} ${await response.text()}`);
}

/** An order sent to the account by another client, as Alpaca's web page would. */
async function placeElsewhere(url: string, order: Record<string, string>): Promise<void> {
  const response = await fetch(`${url}/v2/orders`, {
    method: 'POST',
    headers: { 'APCA-API-KEY-ID': KEY_ID, 'APCA-API-SECRET-KEY': SECRET, 'Content-Type': 'application/json' },
    body: JSON.stringify(order),
  });
  if (!response.ok) throw new Error(`placing an order elsewhere: ${response.status} ${await response.text()}`);
}

async function brokerAccount(url: string): Promise<{ buying_power: string }> {
  const response = await fetch(`${url}/v2/account`, { headers: { 'APCA-API-KEY-ID': KEY_ID, 'APCA-API-SECRET-KEY': SECRET } });
  return (await response.json()) as { buying_power: string };
}

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'blotter-e2e-alpaca-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function console_(url: string, dir: string): TerminalSession {
  const session = new TerminalSession({
    // Large orders here are the point, not a slip of the finger: no confirmation for them.
    args: ['--broker', 'alpaca', '--data-dir', dir, '--confirm-above', '250000'],
    env: { APCA_API_KEY_ID: KEY_ID, APCA_API_SECRET_KEY: SECRET, BLOTTER_ALPACA_URL: url, BLOTTER_CONFIG_DIR: dir },
    cols: 140,
    rows: 36,
  });
  cleanup.push(() => session.kill());
  return session;
}

/** Every file under `dir`, as text. */
function filesUnder(dir: string): { path: string; text: string }[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => ({ path, text: readFileSync(path, 'latin1') }));
}

async function send(term: TerminalSession, line: string): Promise<void> {
  await term.type(line);
  term.press(KEY.enter);
}

async function quit(term: TerminalSession): Promise<void> {
  await send(term, 'quit');
  const asked = await term.waitFor((s) => s.includes('leave them working') || !s.includes('PAPER'), 10_000).catch(() => '');
  if (asked.includes('leave them working')) term.press('l');
  expect(await term.waitForExit()).toBe(0);
}

describe('the console on Alpaca paper, against `blotter emulator`', () => {
  it('trades through the SDK: fills, a partial fill, cancel, replace, a bracket, refusals, a stream outage, and a restart that shows the same books', async () => {
    const url = await startEmulator();
    const dir = freshDir();
    const term = console_(url, dir);
    const opened = await term.waitFor(/PAPER[\s\S]*AAPL\s+\d+\.\d\d x \d+\.\d\d/, 20_000);
    expect(opened).toMatch(/stream ok/);

    await send(term, 'buy 10 AAPL');
    await term.waitFor((s) => /filled/.test(orderRow(s, 1)));

    // A partial fill: more than the market shows at a time (100 to 800 shares a step), then a cancel of the rest.
    await send(term, 'watch INTC');
    const intcAsk = Number(/INTC\s+\d+\.\d\d x (\d+\.\d\d)/.exec(await term.waitFor(/INTC\s+\d+\.\d\d x \d+\.\d\d/))?.[1]);
    await send(term, `buy 4000 INTC @ ${(intcAsk + 0.3).toFixed(2)}`);
    await term.waitFor((s) => /\b[1-9]\d*\/4000\b/.test(orderRow(s, 2)) && /partial/.test(orderRow(s, 2)), 20_000);
    await send(term, 'cancel #2');
    await term.waitFor((s) => /canceled/.test(orderRow(s, 2)) && /\b[1-9]\d*\/4000\b/.test(orderRow(s, 2)));

    await send(term, 'buy 2 NVDA @ 50 gtc');
    await term.waitFor((s) => /\bnew\b/.test(orderRow(s, 3)));
    await send(term, 'replace #3 @ 51');
    await term.waitFor((s) => /replaced/.test(orderRow(s, 3)) && /51\.00/.test(orderRow(s, 4)));
    await send(term, 'cancel #4');
    await term.waitFor((s) => /canceled/.test(orderRow(s, 4)));

    // A wash trade, refused by the broker once the console's own warning is passed with y.
    await send(term, 'buy 1 AAPL @ 1 gtc');
    await term.waitFor((s) => /\bnew\b/.test(orderRow(s, 5)));
    await send(term, 'sell 1 AAPL');
    await term.waitFor(/CONFIRM/);
    term.press('y');
    await term.waitFor((s) => /rejected/.test(orderRow(s, 6)) && /potential wash trade/.test(s));
    await send(term, 'cancel #5');
    await term.waitFor((s) => /canceled/.test(orderRow(s, 5)));

    // A bracket: entry, take-profit and stop, each its own row.
    const ask = Number(/AAPL\s+\d+\.\d\d x (\d+\.\d\d)/.exec(term.screen())?.[1]);
    await send(term, `buy 5 AAPL @ ${Math.ceil(ask) + 1} tp ${Math.ceil(ask) + 40} sl ${Math.floor(ask) - 40}`);
    await term.waitFor((s) => /bkt/.test(orderRow(s, 7)) && /filled/.test(orderRow(s, 7)) && /tp#7/.test(s) && /sl#7/.test(s));

    // Buying power the broker has and the console does not know of yet: an order placed elsewhere
    // (Alpaca's web page, say) holds most of it, and the broker refuses the console's next order.
    const screen = term.screen();
    // The broker's own figure: the status bar's may be a refresh behind it.
    const buyingPower = Number((await brokerAccount(url)).buying_power);
    const spy = Number(/SPY\s+(\d+\.\d\d) x/.exec(screen)?.[1]);
    await placeElsewhere(url, { symbol: 'SPY', side: 'buy', type: 'limit', time_in_force: 'gtc', qty: String(Math.floor((buyingPower * 0.9) / (spy - 20))), limit_price: (spy - 20).toFixed(2) });
    await send(term, `buy ${Math.floor((buyingPower * 0.2) / (spy - 21))} SPY @ ${(spy - 21).toFixed(2)} gtc`);
    await term.waitFor(/rejected: insufficient buying power/);

    // The trade-update stream goes down for a while: the status bar says so, and a fill still arrives.
    await admin(url, `/admin/stream-outage?key=${KEY_ID}&ms=4000`);
    await term.waitFor(/stream down/);
    await send(term, 'buy 3 MSFT');
    const during = await term.waitFor((s) => s.split('\n').some((line) => /BUY\s+3 MSFT/.test(line) && /filled/.test(line)));
    expect(during).toMatch(/stream (down|connecting)/);
    await term.waitFor(/stream ok/, 30_000);

    const before = term.screen();
    await quit(term);

    const again = console_(url, dir);
    // The positions pane draws from the books a moment after the orders: wait for both.
    const after = await again.waitFor(
      (s) => /filled/.test(orderRow(s, 1)) && /canceled/.test(orderRow(s, 2)) && /bkt/.test(orderRow(s, 7)) && /AAPL\s+\+\d+ avg/.test(s),
      20_000,
    );
    expect(orderRow(after, 2)).toBe(orderRow(before, 2));
    const position = (screen: string): string | undefined => /AAPL\s+\+\d+ avg [\d.]+/.exec(screen)?.[0];
    expect(position(after)).toBe(position(before));
    expect(after).not.toMatch(/BOOKS/);
    await quit(again);

    for (const screen of [before, after]) {
      expect(screen).not.toContain(SECRET);
      expect(screen).not.toContain(KEY_ID);
    }
    for (const { path, text } of filesUnder(dir)) {
      expect(text.includes(SECRET), `${path} holds the secret`).toBe(false);
      expect(text.includes(KEY_ID), `${path} holds the key id`).toBe(false);
    }
  }, 150_000);
});
