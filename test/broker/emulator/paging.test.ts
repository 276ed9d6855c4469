import { describe, expect, it } from 'vitest';
import { emulator, order } from './helpers.js';

describe('emulator order list paging', () => {
  it('walks 600 orders newest first with before_order_id', async () => {
    const e = await emulator();
    const ids: string[] = [];
    for (let i = 0; i < 600; i++) {
      const { body } = await e.call('POST', '/v2/orders', { body: order({ side: 'buy', type: 'limit', limit_price: '50.00', time_in_force: 'gtc' }) });
      ids.push(body.id);
    }
    const first = await e.call('GET', '/v2/orders?status=all&limit=500&direction=desc&nested=true');
    expect(first.body).toHaveLength(500);
    const last = first.body[499].id;
    const second = await e.call('GET', `/v2/orders?status=all&limit=500&before_order_id=${last}`);
    expect(second.body).toHaveLength(100);
    const walked = [...first.body, ...second.body].map((o: { id: string }) => o.id);
    expect(walked).toEqual([...ids].reverse());
    expect((await e.call('GET', '/v2/orders?status=open')).body).toHaveLength(50);
    expect((await e.call('GET', '/v2/orders?status=all&symbols=MSFT')).body).toEqual([]);
  });
});
