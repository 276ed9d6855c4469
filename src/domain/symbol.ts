/** US equity tickers: 1–5 letters, optionally a class suffix (`BRK.B`). */
const SYMBOL = /^[A-Z]{1,5}(\.[A-Z])?$/;

export function normalizeSymbol(text: string): string {
  return text.trim().toUpperCase();
}

export function isValidSymbol(symbol: string): boolean {
  return SYMBOL.test(symbol);
}
