import { describe, expect, it } from 'vitest';
import { alpacaEndpoints, endpointsAt } from '../../../src/broker/alpaca/endpoints.js';

describe("Alpaca's endpoints", () => {
  it("are Alpaca's paper hosts by default and its live trading host for a live account; market data is the same for both", () => {
    expect(alpacaEndpoints('paper')).toEqual({
      trading: 'https://paper-api.alpaca.markets',
      tradingStream: 'wss://paper-api.alpaca.markets/stream',
      data: 'https://data.alpaca.markets',
      dataStream: 'wss://stream.data.alpaca.markets',
    });
    expect(alpacaEndpoints('live')).toMatchObject({ trading: 'https://api.alpaca.markets', tradingStream: 'wss://api.alpaca.markets/stream', data: 'https://data.alpaca.markets' });
  });

  it('put every service at one base, the streams on ws(s) on the same host', () => {
    expect(endpointsAt('http://127.0.0.1:18080/')).toEqual({
      trading: 'http://127.0.0.1:18080',
      tradingStream: 'ws://127.0.0.1:18080/stream',
      data: 'http://127.0.0.1:18080',
      dataStream: 'ws://127.0.0.1:18080',
    });
    expect(endpointsAt('https://alpaca.example.com/proxy')).toMatchObject({ trading: 'https://alpaca.example.com/proxy', tradingStream: 'wss://alpaca.example.com/proxy/stream' });
  });

  it.each([
    ['127.0.0.1:18080', /is not a URL|is not an http or https URL/],
    ['ftp://127.0.0.1:18080', /is not an http or https URL; give one such as http:\/\/127\.0\.0\.1:18080/],
    ['http://127.0.0.1:18080/?key=x', /plain base URL, without a query/],
    ['http://user:pw@127.0.0.1:18080', /without a query, fragment or user/],
  ])('refuse %s in one line saying what a base looks like', (base, message) => {
    expect(() => endpointsAt(base)).toThrow(message);
  });

  it('never repeat a password given in the URL', () => {
    expect(() => endpointsAt('http://trader:hunter22@127.0.0.1:18080')).toThrow(/^(?!.*hunter22)/);
  });
});
