import { describe, expect, it } from 'vitest';
import { seedForKey } from '../../../src/broker/emulator/accounts.js';
import { emulator, order } from './helpers.js';

describe('emulator accounts and credentials', () => {
  it('takes the first secret of a key id and refuses any other with 401', async () => {
    const e = await emulator();
    expect((await e.call('GET', '/v2/account', { secret: 'first' })).status).toBe(200);
    expect(await e.call('GET', '/v2/account', { secret: 'second' })).toEqual({ status: 401, body: { message: 'unauthorized' } });
    expect((await e.call('GET', '/v2/account', { secret: 'first' })).status).toBe(200);
  });

  it('refuses a request without credentials with 401', async () => {
    const e = await emulator();
    expect(await e.call('GET', '/v2/orders', { noAuth: true })).toEqual({ status: 401, body: { message: 'unauthorized' } });
  });

  it('keeps each key id its own account', async () => {
    const e = await emulator();
    const { body } = await e.call('POST', '/v2/orders', { key: 'alice', body: order({ side: 'buy' }) });
    e.settle();
    const alice = await e.call('GET', '/v2/orders?status=all', { key: 'alice' });
    const bob = await e.call('GET', '/v2/orders?status=all', { key: 'bob' });
    expect(alice.body.map((o: { id: string }) => o.id)).toEqual([body.id]);
    expect(bob).toEqual({ status: 200, body: [] });
    expect((await e.call('GET', '/v2/positions', { key: 'bob' })).body).toEqual([]);
    expect(e.server.accounts.exchange('bob')?.seed).toBe(seedForKey('bob'));
    expect(seedForKey('alice')).not.toBe(seedForKey('bob'));
  });

  it('drops open connections on close', async () => {
    const e = await emulator();
    await e.call('GET', '/v2/clock');
    await e.server.close();
    await expect(fetch(`${e.server.url}/v2/clock`)).rejects.toThrow();
  });
});
