import { describe, expect, it } from 'vitest';
import { emulator } from './helpers.js';

describe('emulator assets', () => {
  it('answers an active, tradable us_equity for a symbol the sim quotes', async () => {
    const e = await emulator();
    const { status, body } = await e.call('GET', '/v2/assets/MSFT');
    expect(status).toBe(200);
    expect(body).toMatchObject({ class: 'us_equity', symbol: 'MSFT', status: 'active', tradable: true, fractionable: true });
    expect(body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('finds the same asset by lower-case symbol and by its id, in any account', async () => {
    const e = await emulator();
    const { body } = await e.call('GET', '/v2/assets/AAPL', { key: 'alice' });
    expect((await e.call('GET', '/v2/assets/aapl', { key: 'bob' })).body).toEqual(body);
    expect((await e.call('GET', `/v2/assets/${body.id}`)).body).toEqual(body);
    expect((await e.call('GET', '/v2/assets/MSFT')).body.id).not.toBe(body.id);
  });

  it('answers 404 with an envelope for a symbol the sim does not know', async () => {
    const e = await emulator();
    expect(await e.call('GET', '/v2/assets/ZZZZ')).toEqual({ status: 404, body: { code: 40410000, message: 'asset not found' } });
  });

  it('asks for credentials like every other endpoint', async () => {
    const e = await emulator();
    expect((await e.call('GET', '/v2/assets/AAPL', { noAuth: true })).status).toBe(401);
  });
});
