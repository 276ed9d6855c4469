// A complete Blotter strategy to copy: buy the dip, sell the bounce, by Wilder's RSI of closes.
//
// To use it, copy this file into the strategies folder under Blotter's config directory
// (~/.config/blotter/strategies/ on Linux, or $BLOTTER_CONFIG_DIR/strategies/ when that is set),
// or into the folder you name with --strategies DIR, and start Blotter. Then:
//
//   strategies                                              lists it with its parameters
//   strategy start rsi-reversion AAPL low=25 size=10 bar=1m starts it on AAPL
//
// A strategy file imports nothing from Blotter: it default-exports a plain object like the one
// below (or a list of them). Every file directly in the folder is read as a strategy, so helpers it
// imports go in a subfolder. A file that fails to load is reported by name and the rest still load.
// The same object written in TypeScript (a .ts file) works too.

/**
 * Wilder's Relative Strength Index, fed one close at a time. The first average gain and loss are
 * the plain means of the first `period` changes; after that each is smoothed,
 * avg = (avg × (period − 1) + this change) / period. RSI = 100 − 100 / (1 + avgGain / avgLoss).
 * `push` answers the RSI after that close, or NaN until `period` changes (period + 1 closes) are in.
 */
function wilderRsi(period) {
  let previous;
  let changes = 0;
  let avgGain = 0;
  let avgLoss = 0;
  return {
    push(close) {
      if (previous === undefined) {
        previous = close;
        return Number.NaN;
      }
      const change = close - previous;
      previous = close;
      const gain = Math.max(change, 0);
      const loss = Math.max(-change, 0);
      changes += 1;
      if (changes <= period) {
        avgGain += gain / period;
        avgLoss += loss / period;
        if (changes < period) return Number.NaN;
      } else {
        avgGain = (avgGain * (period - 1) + gain) / period;
        avgLoss = (avgLoss * (period - 1) + loss) / period;
      }
      // No losses at all is the top of the scale; no movement at all is the middle.
      if (avgLoss === 0) return avgGain === 0 ? 50 : 100;
      return 100 - 100 / (1 + avgGain / avgLoss);
    },
  };
}

export default {
  // What you type after `strategy start`: lowercase words joined by hyphens, not a built-in's name.
  name: 'rsi-reversion',
  // One line for the `strategies` list.
  description: 'long when the RSI of closes falls below low, out when it rises above high',

  // Each parameter is typed as name=value after the symbol; one not given takes its default, and a
  // value outside its limits is refused before anything starts. The types:
  //   integer  a whole number from min to max        number  a number from min to max
  //   choice   one of choices (lowercase words)      size    whole shares from 1 to max, or all
  // (bar=, max-pos=, max-notional= and max-orders= are the runner's own, for every strategy.)
  params: {
    period: { type: 'integer', default: 14, min: 2, max: 200, description: 'closes in the RSI, Wilder-smoothed' },
    low: { type: 'number', default: 30, min: 1, max: 99, description: 'buy when the RSI falls below this' },
    high: { type: 'number', default: 70, min: 1, max: 99, description: 'sell what it holds when the RSI rises above this' },
    size: { type: 'size', default: 1, max: 100000, description: 'shares to buy, or all for as many whole shares as equity buys' },
  },

  // A rule across parameters: one line saying what is wrong, or undefined when all is well.
  check: ({ low, high }) => (low < high ? undefined : `low (${low}) must be below high (${high})`),

  // Bars that must have happened before the first signal can come: Blotter loads this many from
  // history when the broker has it, so the RSI is ready as soon as the strategy starts.
  warmUpBars: ({ period }) => period + 1,

  // Called for each instance started (and once with the defaults when the file loads, as a check),
  // so each instance keeps its own state in these variables.
  create({ period, low, high, size }) {
    const rsi = wilderRsi(period);
    let unread = 0; // the first bar index not fed to the RSI yet
    let current = Number.NaN; // the RSI as of the newest bar read

    return {
      // Optional, like onFill and onStop. May answer intents too.
      onStart(ctx) {
        ctx.log.info(`watching ${ctx.symbol}: buy below RSI ${low}, sell above ${high}`);
      },

      // Runs as each bar of the strategy's timeframe closes. ctx holds:
      //   ctx.bars          the bars so far, read by index: ctx.bars.close(i), also open, high, low,
      //                     volume, trades and start (epoch ms); the newest is ctx.bars.length - 1,
      //                     the oldest still held is ctx.bars.first. Nothing after the current bar.
      //   ctx.position      { qty, avgPrice } of its own fills: exact decimals (compare with
      //                     .gt(0), .lt(0), .isZero(), not > or <); qty is negative when short
      //   ctx.workingOrders its own orders still working
      //   ctx.cash, ctx.now(), ctx.symbol, ctx.log.info(text), ctx.log.warn(text)
      // It answers nothing, one intent, or a list of them, always for its own symbol:
      //   { kind: 'buy' | 'sell', size, reason }     size: whole shares or 'all'
      //   { kind: 'target', direction: 'long' | 'short', size, reason }   end up holding that
      //   { kind: 'close', reason }                  end up flat
      //   { kind: 'cancel', clientOrderId?, reason } one working order, or all of them
      // The reason shows in the log and the strategies pane. Handlers are synchronous and should
      // return at once (a slow one is reported); keep nothing of ctx but numbers copied from it.
      onBar(ctx) {
        const { bars } = ctx;
        if (bars.length === unread) return;
        // Every bar not read yet, oldest first: on the first call that includes the warm-up
        // history, so the RSI needs no live bars to get ready; after that it is the one new bar.
        for (let i = Math.max(unread, bars.first); i < bars.length; i++) current = rsi.push(bars.close(i));
        unread = bars.length;

        // Still warming up, or one of its orders is still out: wait, so one dip sends one order.
        if (Number.isNaN(current) || ctx.workingOrders.length > 0) return;
        const long = ctx.position.qty.gt(0);
        const shown = current.toFixed(1);
        if (current < low && !long) return { kind: 'target', direction: 'long', size, reason: `RSI ${shown} below ${low}` };
        if (current > high && long) return { kind: 'close', reason: `RSI ${shown} above ${high}` };
        return undefined;
      },

      // Runs for each fill of its own orders, with the position already updated.
      onFill(fill, ctx) {
        ctx.log.info(`${fill.side} ${fill.qty} at ${fill.price}: holding ${ctx.position.qty}`);
      },
    };
  },
};
