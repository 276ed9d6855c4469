export type CommandVerb =
  | 'buy'
  | 'sell'
  | 'cancel'
  | 'replace'
  | 'flatten'
  | 'halt'
  | 'resume'
  | 'watch'
  | 'unwatch'
  | 'strategy'
  | 'strategies'
  | 'backtest'
  | 'metrics'
  | 'help'
  | 'quit';

// What buy and sell take after the symbol; one string so the two usages cannot drift apart.
const ORDER_WORDS =
  '[@ PRICE] [stop PRICE] [trail N|N%] [day|gtc|ioc|fok|opg|cls] [ttl 30s|2m|1h] [tp PRICE] [sl PRICE] [partial keep|cancel]';
const ORDER_KINDS = 'at market, limit (@), stop, stop-limit, trailing stop, or a dollar amount';
const ORDER_OPTIONS = 'with an optional timeout, take-profit, stop-loss and partial-fill policy';

export interface CommandInfo {
  readonly verb: CommandVerb;
  /** Other words that run the same command. */
  readonly aliases: readonly string[];
  readonly usage: string;
  readonly description: string;
}

/** Every command this build understands, in the order the help overlay lists them. */
export const COMMANDS: readonly CommandInfo[] = [
  {
    verb: 'buy',
    aliases: [],
    usage: `buy QTY|$AMOUNT SYMBOL ${ORDER_WORDS}`,
    description: `buy ${ORDER_KINDS}, ${ORDER_OPTIONS}`,
  },
  {
    verb: 'sell',
    aliases: [],
    usage: `sell QTY|$AMOUNT SYMBOL ${ORDER_WORDS}`,
    description: `sell ${ORDER_KINDS}, ${ORDER_OPTIONS}`,
  },
  {
    verb: 'cancel',
    aliases: [],
    usage: 'cancel #N|#ID|SYMBOL|all',
    description: 'cancel one order, every working order of a symbol, or all working orders',
  },
  {
    verb: 'replace',
    aliases: [],
    usage: 'replace #N [@ PRICE] [qty QTY] [stop PRICE]',
    description: 'change the price or quantity of a working order',
  },
  { verb: 'flatten', aliases: [], usage: 'flatten SYMBOL|all', description: 'close a position, or all positions' },
  {
    verb: 'halt',
    aliases: [],
    usage: 'halt [REASON]',
    description: 'stop new orders; cancels and position closes still go through',
  },
  { verb: 'resume', aliases: [], usage: 'resume', description: 'allow new orders again after a halt' },
  { verb: 'watch', aliases: [], usage: 'watch SYMBOL...', description: 'add symbols to the watchlist' },
  { verb: 'unwatch', aliases: [], usage: 'unwatch SYMBOL...', description: 'remove symbols from the watchlist' },
  {
    verb: 'strategy',
    aliases: [],
    usage: 'strategy start NAME SYMBOL... [KEY=VALUE...] | stop ID|all [flatten] | pause|resume|reduce ID|all | list',
    description: 'start a strategy on each symbol; stop one (flatten also closes its position), pause, resume, reduce-only, list',
  },
  { verb: 'strategies', aliases: [], usage: 'strategies', description: 'list the strategies that can be started, with their parameters' },
  {
    verb: 'backtest',
    aliases: [],
    usage: 'backtest NAME --data FILE|synthetic:SEED [--from DATE] [--to DATE] [--cash USD] [--commission SPEC] [--slippage SPEC] [KEY=VALUE...]',
    description: 'run a strategy over historical bars in the background; the statistics and equity chart open over the panes when done',
  },
  { verb: 'metrics', aliases: [], usage: 'metrics', description: 'show fill, retry, error and latency counts' },
  { verb: 'help', aliases: ['?'], usage: 'help | ?', description: 'show commands and keys' },
  {
    verb: 'quit',
    aliases: ['exit'],
    usage: 'quit | exit',
    description: 'leave Blotter; working orders stay working at the exchange',
  },
];

export function findCommand(word: string): CommandInfo | undefined {
  const lower = word.toLowerCase();
  return COMMANDS.find((command) => command.verb === lower || command.aliases.includes(lower));
}

/** Commands whose verb or an alias starts with `prefix` (case-insensitive), for hints and Tab. */
export function commandsStartingWith(prefix: string): CommandInfo[] {
  const lower = prefix.toLowerCase();
  return COMMANDS.filter((command) => [command.verb, ...command.aliases].some((word) => word.startsWith(lower)));
}
