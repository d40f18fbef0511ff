import { tableName } from '#edge/config';
import { decide } from '#domain/decisions';
import { notFound } from '#lib/errors';
import { designerFrom, httpHandler, json, parseOrReject } from '#edge/http';
import { logger } from '#lib/logger';
import { LOG_EVENT } from '#lib/log-events';
import { OriginRegistryReader } from '#adapters/origin-registry';
import { CommissionDecisions } from '#adapters/commission-decisions';
import { documentClient } from '#adapters/dynamo';
import { StudioLicenceStore } from '#adapters/studio-licences';
import { CommissionId, DecisionRequest } from '#domain/schemas';
import { resumeTask, sfnClient } from '#adapters/step-functions';

const db = documentClient();
const commissions = new CommissionDecisions(db, tableName());
const origins = new OriginRegistryReader(db, tableName());
const licences = new StudioLicenceStore(db, tableName());
const sfn = sfnClient();

/** POST /commissions/{id}/decisions — approve, request changes or cancel the awaited stage. */
export const handler = httpHandler({ auth: 'designer', jsonBody: true }, async ({ event }) => {
  const id = CommissionId.safeParse(event.pathParameters?.id);
  if (!id.success) throw notFound();
  const request = parseOrReject(DecisionRequest, event.body as unknown);
  const { secondsInStage, ...decided } = await decide(
    { commissions, origins, licences, sourcedWeight: licences, resumeWorkflow: (token, output) => resumeTask(sfn, token, output) },
    id.data,
    request,
    designerFrom(event),
    new Date(),
  );
  logger.info(LOG_EVENT.decisionRecorded, { commissionId: decided.id, stage: decided.stage, decision: decided.decision, secondsInStage });
  return json(202, decided);
});
