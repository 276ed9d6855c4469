import { memo, useMemo } from 'react';
import type { Quote } from '../src/broker/port.js';
import type { SampledSeries } from '../store/history.js';
import { filteredWatchlist } from '../store/selectors.js';
import { quoteCells, quoteFreshness, QUOTE_COLUMNS, type QuoteFreshness } from './cells.js';
import { layoutRow, type PlannedColumn } from './columns.js';
import { useConsole } from './console-context.js';
import { windowedTitle } from './format.js';
import { paneColumns, paneRows, type PaneBox } from './layout.js';
import { Line } from './Line.js';
import { EmptyLine, Pane } from './Pane.js';
import { emptyText, filterTitle, highlightRow, IDLE_PANE, type PaneInteraction } from './pane-interaction.js';
import { useColumnPlan } from './use-column-plan.js';
import { useRowWindow } from './use-row-window.js';

interface QuoteRowProps {
  readonly symbol: string;
  readonly quote: Quote | undefined;
  /** Changes at most once a second, so the sparkline is drawn no more often than that. */
  readonly history: SampledSeries | undefined;
  /** Judged once a second and on each batch, so only a row whose state changed draws again. */
  readonly freshness: QuoteFreshness;
  readonly plan: readonly PlannedColumn[];
  /** Highlighted across the pane's inner width when selected. */
  readonly selectedWidth: number | undefined;
}

const QuoteRow = memo(function QuoteRow({ symbol, quote, history, freshness, plan, selectedWidth }: QuoteRowProps) {
  const sparkWidth = plan.find((column) => column.id === 'spark')?.width ?? 0;
  const segments = layoutRow(plan, quoteCells(symbol, quote, history, freshness, sparkWidth));
  return <Line segments={selectedWidth === undefined ? segments : highlightRow(segments, selectedWidth)} />;
});

const symbolKey = (symbol: string): string => symbol;

export interface WatchlistPaneProps {
  readonly box: PaneBox;
  readonly interaction?: PaneInteraction;
}

export const WatchlistPane = memo(function WatchlistPane({ box, interaction = IDLE_PANE }: WatchlistPaneProps) {
  const watchlist = useConsole((s) => s.watchlist);
  // Symbols are row keys; a repeated one would make React mix up rows.
  const symbols = useMemo(() => filteredWatchlist(watchlist, interaction.filter), [watchlist, interaction.filter]);
  const quotes = useConsole((s) => s.quotes);
  const history = useConsole((s) => s.priceHistory);
  const stale = useConsole((s) => s.staleQuotes);
  const marketOpen = useConsole((s) => s.clock?.isOpen);
  const { visible, selected } = useRowWindow(symbols, symbolKey, paneRows(box), 'top', interaction);
  const plan = useColumnPlan(
    QUOTE_COLUMNS,
    visible.map((symbol) => quoteCells(symbol, quotes[symbol], history[symbol], quoteFreshness(stale[symbol] === true, marketOpen))),
    paneColumns(box),
  );
  return (
    <Pane title={filterTitle(windowedTitle('Watchlist', visible.length, symbols.length), interaction)} box={box} focused={interaction.focused}>
      {visible.length === 0 ? <EmptyLine text={emptyText(interaction, 'nothing watched — try: watch AAPL')} /> : null}
      {visible.map((symbol, i) => (
        <QuoteRow
          key={symbol}
          symbol={symbol}
          quote={quotes[symbol]}
          history={history[symbol]}
          freshness={quoteFreshness(stale[symbol] === true, marketOpen)}
          plan={plan}
          selectedWidth={i === selected ? paneColumns(box) : undefined}
        />
      ))}
    </Pane>
  );
});
