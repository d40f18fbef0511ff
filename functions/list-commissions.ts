import { tableName } from '#edge/config';
import { validationFailed } from '#lib/errors';
import { httpHandler, json, parseOrReject } from '#edge/http';
import { StageQueueReader, InvalidCursorError } from '#adapters/stage-queue';
import { documentClient } from '#adapters/dynamo';
import { QueueQuery } from '#domain/schemas';
import { queueItemView } from '#edge/api-views';

const commissions = new StageQueueReader(documentClient(), tableName());

/** GET /commissions?stage=&limit=&cursor= — the designers' queue, oldest in stage first. */
export const handler = httpHandler({ auth: 'designer' }, async ({ event }) => {
  const query = parseOrReject(QueueQuery, event.queryStringParameters ?? {});
  try {
    const page = await commissions.listByStage(query.stage, query.limit, query.cursor);
    const now = new Date();
    return json(200, { items: page.items.map((c) => queueItemView(c, now)), ...(page.cursor && { cursor: page.cursor }) });
  } catch (error) {
    if (error instanceof InvalidCursorError) throw validationFailed([{ path: 'cursor', message: 'Not a cursor from this queue' }]);
    throw error;
  }
});
