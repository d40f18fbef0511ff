import { tableName } from '#edge/config';
import { validationFailed } from '#lib/errors';
import { httpHandler, json, parseOrReject } from '#edge/http';
import { InvalidCursorError } from '#adapters/stage-queue';
import { CommissionFinder } from '#adapters/commission-search';
import { documentClient } from '#adapters/dynamo';
import { awaitedParty } from '#domain/schemas';
import { QueueQuery } from '#domain/queue-query';
import { searchTermOf } from '#domain/search';
import { queueItemView } from '#edge/api-views';

const commissions = new CommissionFinder(documentClient(), tableName());

/**
 * GET /commissions?stage=&party=&limit=&cursor= — the designers' queue, oldest in stage first;
 * GET /commissions?q= — the commissions a reference or a customer's address finds, in any stage
 * (narrowed by `stage` and `party` if given), newest first.
 */
export const handler = httpHandler({ auth: 'designer' }, async ({ event }) => {
  const query = parseOrReject(QueueQuery, event.queryStringParameters ?? {});
  const now = new Date();
  const term = query.q === undefined ? undefined : searchTermOf(query.q);
  if (term) {
    const found = await commissions.search(term, query.limit);
    const items = found.filter(
      (c) => (query.stage === undefined || c.stage === query.stage) && (query.party === undefined || awaitedParty(c.awaiting) === query.party),
    );
    return json(200, { items: items.map((c) => queueItemView(c, now)) });
  }
  // QueueQuery requires a stage when there is no search.
  const stage = query.stage!;
  try {
    const page = await commissions.listByStage(stage, query.limit, query.cursor, query.party);
    return json(200, { items: page.items.map((c) => queueItemView(c, now)), ...(page.cursor && { cursor: page.cursor }) });
  } catch (error) {
    if (error instanceof InvalidCursorError) throw validationFailed([{ path: 'cursor', message: 'Not a cursor from this queue' }]);
    throw error;
  }
});
