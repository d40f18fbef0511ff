import { stateMachineArn, tableName } from '#core/config';
import { httpHandler, json, parseOrReject } from '#core/http';
import { submitEnquiry } from '#core/intake';
import { logger } from '#core/logger';
import { CommissionRepository, documentClient } from '#core/repository';
import { Enquiry } from '#core/schemas';
import { sfnClient, startCommissionWorkflow } from '#core/workflow';

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
