import { AlpacaBroker } from '../../broker/alpaca/alpaca-broker.js';
import { AlpacaMarketData } from '../../broker/alpaca/alpaca-market-data.js';
import { alpacaEndpoints, endpointsAt, type AlpacaEndpoints } from '../../broker/alpaca/endpoints.js';
import type { AlpacaAccountIdentity } from '../../broker/alpaca/wire-account.js';
import { isBrokerError } from '../../broker/errors.js';
import { errorText } from '../../core/error-text.js';
import { resolveConfigDir } from '../../persistence/paths.js';
import { StartupError } from '../startup-error.js';
import { readAlpacaCredentials, type AlpacaCredentials } from './alpaca-credentials.js';
import type { BrokerOptions, OpenedBroker } from './opened-broker.js';

/** What the watchlist shows on a new Alpaca profile: liquid names the free IEX feed quotes all day. */
const ALPACA_WATCHLIST = ['SPY', 'QQQ', 'AAPL', 'MSFT', 'NVDA', 'TSLA'] as const;

/** Where `--alpaca-url` can also be given, for a session pointed at an emulator for good. */
export const ALPACA_URL_ENV = 'BLOTTER_ALPACA_URL';

/** Long enough for a slow paper host, short enough that a hung request does not hold a lane for the SDK's 30 s. */
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * Opens an Alpaca account: the keys from the environment or the credentials file, checked against
 * paper or live before any request, the account read to bind the profile to it, and for live
 * trading the trader's typed account number. Nothing is traded until all of that holds.
 */
export async function openAlpacaBroker(options: BrokerOptions): Promise<OpenedBroker> {
  refuseSimulatorSettings(options);
  const settings = options.alpaca ?? { live: false };
  const env = options.env ?? process.env;
  const credentials = await readAlpacaCredentials(env, options.configDir ?? resolveConfigDir());
  const mode = settings.live ? 'live' : 'paper';
  assertKeyFitsMode(credentials, mode);
  const url = settings.url ?? nonEmpty(env[ALPACA_URL_ENV]);
  const endpoints = endpointsFor(url, mode);
  const notice = options.notice ?? (() => {});
  const trading = new AlpacaBroker({
    endpoints,
    keyId: credentials.keyId,
    secret: credentials.secret,
    mode,
    clock: options.clock,
    notice,
    timeoutMs: REQUEST_TIMEOUT_MS,
  });
  const marketData = new AlpacaMarketData({
    dataUrl: endpoints.data,
    streamUrl: endpoints.dataStream,
    keyId: credentials.keyId,
    secret: credentials.secret,
    clock: options.clock,
    notice,
  });
  const close = async (): Promise<void> => {
    await Promise.allSettled([trading.close(), marketData.close()]);
  };
  try {
    const identity = await accountOf(trading, endpoints, credentials);
    const id = `alpaca-${identity.accountNumber}`;
    assertBooksAreThisAccount(options, id, identity);
    if (identity.status !== 'ACTIVE' || identity.tradingBlocked) {
      notice('warn', `Alpaca account ${identity.accountNumber} is ${identity.tradingBlocked ? 'blocked from trading' : identity.status}: orders will be refused until Alpaca lifts it`);
    }
    if (mode === 'live') await confirmLive(settings.confirmLive, identity);
    return {
      name: 'alpaca',
      mode,
      trading,
      marketData,
      id,
      engineDefaults: {},
      defaultWatchlist: ALPACA_WATCHLIST,
      secrets: [credentials.keyId, credentials.secret],
      start: () => trading.connect(),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The simulator's own settings mean nothing to a real broker; saying so beats ignoring them. */
function refuseSimulatorSettings(options: BrokerOptions): void {
  const given = [
    options.seed !== undefined && '--seed',
    options.tickMs !== undefined && '--tick',
    options.replay !== undefined && '--replay',
    options.faults !== undefined && '--faults',
    options.commission !== undefined && '--commission',
    options.slippage !== undefined && '--slippage',
    options.resetExchange === true && '--reset-exchange',
  ].filter((flag): flag is string => flag !== false);
  if (given.length === 0) return;
  throw new StartupError(
    `${given.join(', ')} ${given.length === 1 ? 'is a setting' : 'are settings'} of the simulator, not of Alpaca; drop ${given.length === 1 ? 'it' : 'them'}, ` +
      'or give faults and a seed to `blotter emulator` and point --alpaca-url at it',
  );
}

/**
 * Alpaca's keys say which they are: paper keys start with PK, live ones with AK. A live key
 * without --live (or a paper key with it) would trade where the trader did not mean to, and
 * Alpaca would only answer 401 at the wrong host; it is refused here with the reason.
 */
function assertKeyFitsMode({ keyId, source }: AlpacaCredentials, mode: 'paper' | 'live'): void {
  const prefix = keyId.slice(0, 2).toUpperCase();
  if (mode === 'paper' && prefix === 'AK') {
    throw new StartupError(`the key in ${source} is a live-trading key (AK…), and Blotter trades on paper unless --live is given; use a paper key (PK…), or add --live to trade real money`);
  }
  if (mode === 'live' && prefix !== 'AK') {
    throw new StartupError(
      `--live needs a live-trading key (AK…), but the key in ${source} ${prefix === 'PK' ? 'is a paper key (PK…)' : 'is not one'}; drop --live to trade on paper`,
    );
  }
}

function endpointsFor(url: string | undefined, mode: 'paper' | 'live'): AlpacaEndpoints {
  if (url === undefined) return alpacaEndpoints(mode);
  try {
    return endpointsAt(url);
  } catch (error) {
    throw new StartupError(`--alpaca-url / ${ALPACA_URL_ENV}: ${errorText(error)}`);
  }
}

async function accountOf(trading: AlpacaBroker, endpoints: AlpacaEndpoints, { source }: AlpacaCredentials): Promise<AlpacaAccountIdentity> {
  try {
    return await trading.accountIdentity();
  } catch (error) {
    if (isBrokerError(error) && (error.status === 401 || error.status === 403)) {
      throw new StartupError(
        `Alpaca at ${endpoints.trading} refused the keys from ${source} (${error.status}); check both halves of the pair, and that paper keys are used on paper (PK…) and live keys with --live (AK…)`,
      );
    }
    if (isBrokerError(error, 'transient') || isBrokerError(error, 'ambiguous')) {
      throw new StartupError(`cannot reach Alpaca at ${endpoints.trading} (${errorText(error)}); check the network, or --alpaca-url`);
    }
    throw new StartupError(`Alpaca at ${endpoints.trading} did not give its account: ${errorText(error)}`);
  }
}

/** A profile keeps the books of one account: another account's positions are not its own. */
function assertBooksAreThisAccount(options: BrokerOptions, id: string, identity: AlpacaAccountIdentity): void {
  const keptAgainst = options.books?.keptAgainst;
  if (keptAgainst === undefined || keptAgainst === id) return;
  throw new StartupError(
    `profile ${options.profile} is kept against ${keptAgainst}, not Alpaca account ${identity.accountNumber}; ` +
      'open it with the broker and keys it was made with, or give this account its own --profile',
  );
}

async function confirmLive(confirm: ((accountNumber: string) => Promise<string>) | undefined, identity: AlpacaAccountIdentity): Promise<void> {
  if (confirm === undefined) {
    throw new StartupError('live trading is started from the console only, where the account number is typed to confirm; `blotter run` trades on paper');
  }
  const typed = (await confirm(identity.accountNumber)).trim();
  if (typed !== identity.accountNumber) {
    // What was typed is not echoed: it may be anything, a key pasted by mistake included.
    throw new StartupError(`live trading not confirmed: what was typed is not account ${identity.accountNumber}; nothing was traded`);
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}
