/** The brokers this build can trade on, for `--broker`; the first is the default. */
export const BROKER_NAMES = ['sim', 'alpaca'] as const;
export type BrokerName = (typeof BROKER_NAMES)[number];
export const DEFAULT_BROKER: BrokerName = 'sim';

/** The name as a known broker, or one line saying it is not one and which are. */
export function readBrokerName(text: string): { readonly name: BrokerName } | { readonly problem: string } {
  const name = text.trim().toLowerCase();
  const known = BROKER_NAMES.find((broker) => broker === name);
  if (known !== undefined) return { name: known };
  const choices = `known brokers: ${BROKER_NAMES.join(', ')}`;
  return { problem: `unknown broker "${text}"; ${choices}` };
}
