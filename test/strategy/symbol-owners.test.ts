import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.js';
import { SymbolOwners, type SymbolClaim, type SymbolOwner } from '../../src/strategy/symbol-owners.js';

const sma: SymbolOwner = { id: 'sma1', name: 'sma-cross' };
const breakout: SymbolOwner = { id: 'brk2', name: 'breakout' };

describe('SymbolOwners', () => {
  it('gives each symbol one owner and tells who it is', () => {
    const owners = new SymbolOwners();
    expect(owners.claim(sma, ['AAPL', 'MSFT'])).toEqual({ ok: true });
    expect(owners.ownerOf('AAPL')).toEqual(sma);
    expect(owners.ownerOf('TSLA')).toBeUndefined();
    expect(owners.owned('sma1')).toEqual(['AAPL', 'MSFT']);
  });

  it('refuses another strategy on an owned symbol, naming the owner, and claims none of its symbols', () => {
    const owners = new SymbolOwners();
    owners.claim(sma, ['AAPL']);
    expect(owners.claim(breakout, ['TSLA', 'AAPL'])).toEqual({ ok: false, symbol: 'AAPL', owner: sma, message: 'AAPL is owned by sma1 (sma-cross); stop it first' });
    expect(owners.ownerOf('TSLA')).toBeUndefined();
    expect(owners.owned('brk2')).toEqual([]);
  });

  it('lets an owner claim more, and frees all of a stopped strategy’s symbols', () => {
    const owners = new SymbolOwners();
    owners.claim(sma, ['AAPL']);
    expect(owners.claim(sma, ['AAPL', 'MSFT']).ok).toBe(true);
    owners.claim(breakout, ['TSLA']);
    expect(owners.release('sma1')).toEqual(['AAPL', 'MSFT']);
    expect(owners.claim(breakout, ['AAPL']).ok).toBe(true);
    expect(owners.owned('brk2')).toEqual(['TSLA', 'AAPL']);
  });

  it('refuses an id a client order id cannot carry, a bad symbol and an empty list', () => {
    const owners = new SymbolOwners();
    expect(() => owners.claim({ id: 'SMA-1', name: 'sma-cross' }, ['AAPL'])).toThrow('use 1 to 12 lowercase letters and digits');
    expect(() => owners.claim(sma, ['aapl'])).toThrow('"aapl" is not a symbol: use 1 to 5 capital letters, with a class suffix if any (BRK.B)');
    expect(() => owners.claim(sma, [])).toThrow('strategy sma1 needs at least one symbol to trade');
    expect(owners.owned('sma1')).toEqual([]);
  });

  it('two strategies racing to start on one symbol end with exactly one owner', async () => {
    for (const [firstDelay, secondDelay] of [
      [0, 0],
      [1, 0],
      [0, 1],
      [3, 3],
    ] as const) {
      const clock = new ManualClock();
      const owners = new SymbolOwners();
      const sleep = (ms: number): Promise<void> => new Promise((wake) => clock.setTimer(wake, ms));
      // A start as the manager will do it: some async work, the claim, then an async check after it.
      const start = async (who: SymbolOwner, delay: number): Promise<SymbolClaim> => {
        await sleep(delay);
        const claim = owners.claim(who, ['AAPL']);
        await sleep(1);
        return claim;
      };
      const both = Promise.all([start(sma, firstDelay), start(breakout, secondDelay)]);
      await clock.advanceAsync(10, 1);
      const claims = await both;
      const won = claims.filter((claim) => claim.ok);
      const lost = claims.find((claim) => !claim.ok);
      expect(won).toHaveLength(1);
      const owner = owners.ownerOf('AAPL');
      expect(owner).toBeDefined();
      expect(lost).toMatchObject({ ok: false, owner, message: `AAPL is owned by ${owner?.id} (${owner?.name}); stop it first` });
    }
  });
});
