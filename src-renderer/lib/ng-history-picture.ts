// The full picture of an NG frame from the history. The live NG event knows
// its results-store run, seq and capture time; the history is keyed by frame
// id, so the frame is found with a query narrowed to that run and moment, then
// its picture (kept for every NG frame) is fetched. Both go to the workbench.
import type { LoupeClient } from '../../src-shared/client.js';
import type { HistoryPicture } from '../../src-shared/history-methods.js';
import type { NgFrameEvent } from '../../src-shared/production-contract.js';
import { fail, type Result } from '../../src-shared/result.js';

export async function ngHistoryPicture(client: LoupeClient, event: NgFrameEvent): Promise<Result<HistoryPicture>> {
  if (event.runId === null) return fail('not-found', 'this frame was not recorded: the engine keeps no history without a data folder');
  const at = Math.round(event.timestampMs);
  const found = await client.request('history.query', {
    filter: { runIds: [event.runId], time: { fromMs: at - 1, toMs: at + 1 } },
    page: { limit: 20 },
  });
  if (!found.ok) return found;
  const row = found.value.rows.find((r) => r.seq === event.seq);
  if (!row) {
    return fail('not-found', `frame ${event.seq} of run ${event.runId} is not in the history yet (results are committed about once a second); try again`);
  }
  return client.request('history.picture', { frameId: row.frameId });
}
