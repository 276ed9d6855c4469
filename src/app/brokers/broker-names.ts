/** The brokers this build can trade on, for `--broker`; the first is the default. */
export const BROKER_NAMES = ['sim'] as const;
export type BrokerName = (typeof BROKER_NAMES)[number];
export const DEFAULT_BROKER: BrokerName = 'sim';

/** Brokers that are planned but whose adapter this build does not carry. */
const NOT_IN_THIS_BUILD: readonly string[] = ['alpaca'];

/** The name as a known broker, or one line saying it is not one and which are. */
export function readBrokerName(text: string): { readonly name: BrokerName } | { readonly problem: string } {
  const name = text.trim().toLowerCase();
  const known = BROKER_NAMES.find((broker) => broker === name);
  if (known !== undefined) return { name: known };
  const choices = `known brokers: ${BROKER_NAMES.join(', ')}`;
  if (NOT_IN_THIS_BUILD.includes(name)) return { problem: `broker ${name} is not in this build yet; ${choices}` };
  return { problem: `unknown broker "${text}"; ${choices}` };
}
