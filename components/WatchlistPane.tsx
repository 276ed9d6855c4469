import { memo, useMemo } from 'react';
import type { Quote } from '../src/broker/port.js';
import { quoteCells, QUOTE_COLUMNS } from './cells.js';
import { layoutRow, type PlannedColumn } from './columns.js';
import { useConsole } from './console-context.js';
import { windowedTitle } from './format.js';
import { paneColumns, paneRows, type PaneBox } from './layout.js';
import { Line } from './Line.js';
import { EmptyLine, Pane } from './Pane.js';
import { useColumnPlan } from './use-column-plan.js';

interface QuoteRowProps {
  readonly symbol: string;
  readonly quote: Quote | undefined;
  readonly plan: readonly PlannedColumn[];
}

const QuoteRow = memo(function QuoteRow({ symbol, quote, plan }: QuoteRowProps) {
  return <Line segments={layoutRow(plan, quoteCells(symbol, quote))} />;
});

export const WatchlistPane = memo(function WatchlistPane({ box }: { readonly box: PaneBox }) {
  const watchlist = useConsole((s) => s.watchlist);
  // Symbols are row keys; a repeated one would make React mix up rows.
  const symbols = useMemo(() => [...new Set(watchlist)], [watchlist]);
  const quotes = useConsole((s) => s.quotes);
  const visible = symbols.slice(0, paneRows(box));
  const plan = useColumnPlan(
    QUOTE_COLUMNS,
    visible.map((symbol) => quoteCells(symbol, quotes[symbol])),
    paneColumns(box),
  );
  return (
    <Pane title={windowedTitle('Watchlist', visible.length, symbols.length)} box={box}>
      {visible.length === 0 ? <EmptyLine text="nothing watched — try: watch AAPL" /> : null}
      {visible.map((symbol) => (
        <QuoteRow key={symbol} symbol={symbol} quote={quotes[symbol]} plan={plan} />
      ))}
    </Pane>
  );
});
