import { tableName } from '#edge/config';
import { notFound } from '#lib/errors';
import { httpHandler, json } from '#edge/http';
import { CommissionStore } from '#adapters/commission-store';
import { documentClient } from '#adapters/dynamo';
import { CommissionId } from '#domain/schemas';
import { commissionView } from '#edge/api-views';

const commissions = new CommissionStore(documentClient(), tableName());

/** GET /commissions/{id} — the whole record with its history. */
export const handler = httpHandler({ auth: 'designer' }, async ({ event }) => {
  const id = CommissionId.safeParse(event.pathParameters?.id);
  const commission = id.success ? await commissions.get(id.data) : undefined;
  if (!commission) throw notFound();
  return json(200, commissionView(commission));
});
