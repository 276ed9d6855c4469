import { checkOrderSource } from '../domain/client-order-id.js';
import { ValidationError } from '../domain/errors.js';
import { isValidSymbol } from '../domain/symbol.js';

/** A running strategy instance as a refusal names it: `sma1 (sma-cross)`. */
export interface SymbolOwner {
  readonly id: string;
  readonly name: string;
}

export type SymbolClaim =
  | { readonly ok: true }
  | { readonly ok: false; readonly symbol: string; readonly owner: SymbolOwner; readonly message: string };

/**
 * Which strategy trades which symbol: at most one each, so two strategies never fight over one
 * position the broker nets into one.
 *
 * claim() is synchronous, and JavaScript runs it to its end before any other callback, so two
 * starts racing for one symbol cannot both find it free. A start that must check something
 * asynchronously (the broker's position, say) claims first and releases if the check fails; it
 * never checks, awaits, then claims.
 */
export class SymbolOwners {
  private readonly owners = new Map<string, SymbolOwner>();

  /** All or nothing: when one symbol is taken by another strategy, none is claimed. */
  claim(owner: SymbolOwner, symbols: readonly string[]): SymbolClaim {
    checkOrderSource(owner.id);
    if (symbols.length === 0) throw new ValidationError(`strategy ${owner.id} needs at least one symbol to trade`);
    for (const symbol of symbols) {
      if (!isValidSymbol(symbol)) {
        throw new ValidationError(`"${symbol}" is not a symbol: use 1 to 5 capital letters, with a class suffix if any (BRK.B)`);
      }
      const current = this.owners.get(symbol);
      if (current !== undefined && current.id !== owner.id) {
        return { ok: false, symbol, owner: current, message: `${symbol} is owned by ${current.id} (${current.name}); stop it first` };
      }
    }
    for (const symbol of symbols) this.owners.set(symbol, owner);
    return { ok: true };
  }

  /** Frees every symbol the strategy owns; returns them. */
  release(strategyId: string): string[] {
    const freed = this.owned(strategyId);
    for (const symbol of freed) this.owners.delete(symbol);
    return freed;
  }

  ownerOf(symbol: string): SymbolOwner | undefined {
    return this.owners.get(symbol);
  }

  owned(strategyId: string): string[] {
    return [...this.owners].filter(([, owner]) => owner.id === strategyId).map(([symbol]) => symbol);
  }
}
