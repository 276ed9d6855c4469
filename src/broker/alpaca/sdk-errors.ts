import { ApiError } from '@alpacahq/alpaca-trade-api';
import type { BrokerError } from '../errors.js';
import { brokerErrorFromHttp } from '../http-errors.js';
import { alpacaError } from './alpaca-errors.js';

/**
 * What the Alpaca SDK threw, as a BrokerError. An answer with a status goes through alpacaError
 * with the whole body Alpaca sent: the SDK's `ApiError` keeps only `code` and `message`, but a
 * refusal for held shares carries its figures beside them. Anything else (the SDK's FetchError
 * over a refused connection, a timeout, a reset; an answer the wire functions could not read) is
 * sorted by http-errors from the socket error under it.
 */
export async function brokerErrorFromSdk(error: unknown, now: number): Promise<BrokerError> {
  if (error instanceof ApiError) return alpacaError(error.status, await answerBody(error), error.response.headers, now);
  return brokerErrorFromHttp(error, now);
}

/** The SDK reads a clone of the response, so the body is still there unless a timeout discarded it. */
async function answerBody(error: ApiError): Promise<unknown> {
  const envelope = { ...(error.code !== undefined && { code: error.code }), message: error.message };
  let text: string;
  try {
    text = await error.response.text();
  } catch {
    return envelope;
  }
  if (text.trim() === '') return envelope;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
