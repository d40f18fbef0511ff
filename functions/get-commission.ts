import { tableName } from '#core/config';
import { notFound } from '#core/errors';
import { httpHandler, json } from '#core/http';
import { CommissionRepository, documentClient } from '#core/repository';
import { CommissionId } from '#core/schemas';
import { commissionView } from '#core/views';

const repository = new CommissionRepository(documentClient(), tableName());

/** GET /commissions/{id} — the whole record with its history. */
export const handler = httpHandler({ auth: 'designer' }, async ({ event }) => {
  const id = CommissionId.safeParse(event.pathParameters?.id);
  const commission = id.success ? await repository.get(id.data) : undefined;
  if (!commission) throw notFound();
  return json(200, commissionView(commission));
});
