import { stateMachineArn, tableName } from '#edge/config';
import { httpHandler, json, parseOrReject } from '#edge/http';
import { submitEnquiry } from '#domain/intake';
import { logger } from '#lib/logger';
import { LOG_EVENT } from '#lib/log-events';
import { CommissionStore } from '#adapters/commission-store';
import { documentClient } from '#adapters/dynamo';
import { IdempotencyKeys } from '#adapters/idempotency-keys';
import { OriginRegistry } from '#adapters/origin-registry';
import { Enquiry } from '#domain/schemas';
import { sfnClient, startCommissionWorkflow } from '#adapters/step-functions';

const db = documentClient();
const commissions = new CommissionStore(db, tableName());
const idempotencyKeys = new IdempotencyKeys(db, tableName());
const origins = new OriginRegistry(db, tableName());
const sfn = sfnClient();
const machine = stateMachineArn();

/** POST /commissions — a customer's enquiry, for metal the studio can source (400 naming `metal` otherwise). */
export const handler = httpHandler({ auth: 'public', jsonBody: true }, async ({ event }) => {
  const enquiry = parseOrReject(Enquiry, event.body as unknown);
  const result = await submitEnquiry(
    { commissions, idempotencyKeys, origins, startWorkflow: (id) => startCommissionWorkflow(sfn, machine, id) },
    enquiry,
    event.headers['idempotency-key'],
    new Date(),
  );
  logger.info(LOG_EVENT.enquiryAccepted, { commissionId: result.id, created: result.created });
  return json(201, { id: result.id, stage: result.stage });
});
