import type { StrategyIntent, StrategyTarget } from './intent.js';

/**
 * What Enter would do with a strategy command, e.g. `START sma-cross on AAPL (fast=5 slow=20)` or
 * `STOP sma1, cancel its orders and close its position`.
 */
export function formatStrategyPreview(intent: StrategyIntent): string {
  switch (intent.kind) {
    case 'strategy-start': {
      const each = intent.symbols.length > 1 ? ', one instance each' : '';
      const settings = intent.settings.length === 0 ? 'default settings' : intent.settings.join(' ');
      return `START ${intent.name} on ${andList(intent.symbols)}${each} (${settings})`;
    }
    case 'strategy-stop': {
      const { target } = intent;
      if (target.kind === 'all') return `STOP ALL strategies, cancel their orders${intent.flatten ? ' and close their positions' : ''}`;
      return `STOP ${target.id}, cancel its orders${intent.flatten ? ' and close its position' : ''}`;
    }
    case 'strategy-pause':
      return `PAUSE ${named(intent.target, 'running strategies')}: no new signals; working orders stay`;
    case 'strategy-resume':
      return `RESUME ${named(intent.target, 'paused and reducing strategies')}: act on signals again`;
    case 'strategy-reduce':
      return `REDUCE ${named(intent.target, 'running and paused strategies')}: only orders that shrink a position`;
    case 'strategy-list':
      return 'STRATEGY LIST  every instance with its state and P&L (in the log)';
    case 'strategies':
      return 'STRATEGIES  what can be started, with parameters (in the log)';
  }
}

function named(target: StrategyTarget, every: string): string {
  return target.kind === 'all' ? `ALL ${every}` : target.id;
}

/** `AAPL`, `AAPL and MSFT`, `AAPL, MSFT and NVDA`. */
function andList(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1] as string}`;
}
