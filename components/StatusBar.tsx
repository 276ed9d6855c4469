import { memo, useMemo } from 'react';
import { allPositionsMarked, dayPnl, valuation } from '../store/selectors.js';
import { useConsole } from './console-context.js';
import { Line } from './Line.js';
import { statusLine } from './status-line.js';

export const StatusBar = memo(function StatusBar({ width }: { readonly width: number }) {
  const mode = useConsole((s) => s.mode);
  const connection = useConsole((s) => s.connection);
  const clock = useConsole((s) => s.clock);
  const portfolio = useConsole((s) => s.portfolio);
  const quotes = useConsole((s) => s.quotes);
  const account = useConsole((s) => s.account);
  const trading = useConsole((s) => s.trading);
  const store = useConsole((s) => s.store);
  const books = useConsole((s) => s.books);
  const equityHistory = useConsole((s) => s.equityHistory);
  const info = useMemo(
    () => ({
      mode,
      connection,
      clock,
      trading,
      store,
      books,
      equity: valuation({ portfolio, quotes }).equity,
      unpriced: !allPositionsMarked({ portfolio, quotes }),
      buyingPower: account?.buyingPower,
      dayPnl: account === undefined ? undefined : dayPnl({ portfolio, quotes, account }),
      equityTrend: equityHistory.values,
    }),
    [mode, connection, clock, trading, store, books, portfolio, quotes, account, equityHistory],
  );
  return <Line segments={statusLine(info, width)} />;
});
