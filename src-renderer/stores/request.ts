// One way to call the engine from a store: failures (refused requests, a lost
// connection, a transport that threw) land in the error store with the method
// that failed, and the caller gets the value or null.
import type { RequestMethod } from '../../src-shared/messages.js';
import type { LoupeClient, ParamsOf, ValueOf } from '../../src-shared/client.js';
import { useErrorsStore } from './errors.js';

export async function callEngine<M extends RequestMethod>(client: LoupeClient, method: M, params: ParamsOf<M>): Promise<ValueOf<M> | null> {
  const errors = useErrorsStore();
  try {
    const result = await client.request(method, params);
    if (result.ok) return result.value;
    errors.report(method, result.error);
  } catch (err) {
    errors.report(method, { code: 'internal', message: err instanceof Error ? err.message : String(err) });
  }
  return null;
}
