import { stateMachineArn, tableName } from '#edge/config';
import { httpHandler, json, parseOrReject } from '#edge/http';
import { submitEnquiry } from '#domain/intake';
import { logger } from '#lib/logger';
import { CommissionRepository, documentClient } from '#adapters/repository';
import { Enquiry } from '#domain/schemas';
import { sfnClient, startCommissionWorkflow } from '#adapters/step-functions';

const repository = new CommissionRepository(documentClient(), tableName());
const sfn = sfnClient();
const machine = stateMachineArn();

/** POST /commissions — a customer's enquiry. */
export const handler = httpHandler({ auth: 'public', jsonBody: true }, async ({ event }) => {
  const enquiry = parseOrReject(Enquiry, event.body as unknown);
  const result = await submitEnquiry(
    { repository, startWorkflow: (id) => startCommissionWorkflow(sfn, machine, id) },
    enquiry,
    event.headers['idempotency-key'],
  );
  logger.info('enquiry accepted', { commissionId: result.id, created: result.created });
  return json(201, { id: result.id, stage: result.stage });
});
