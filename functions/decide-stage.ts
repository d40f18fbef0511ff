import { tableName } from '#core/config';
import { decide } from '#core/decisions';
import { notFound } from '#core/errors';
import { designerFrom, httpHandler, json, parseOrReject } from '#core/http';
import { logger } from '#core/logger';
import { OriginRegistry } from '#core/origin-registry';
import { CommissionRepository, documentClient } from '#core/repository';
import { CommissionId, DecisionRequest } from '#core/schemas';
import { resumeTask, sfnClient } from '#core/workflow';

const db = documentClient();
const repository = new CommissionRepository(db, tableName());
const origins = new OriginRegistry(db, tableName());
const sfn = sfnClient();

/** POST /commissions/{id}/decisions — approve, request changes or cancel the awaited stage. */
export const handler = httpHandler({ auth: 'designer', jsonBody: true }, async ({ event }) => {
  const id = CommissionId.safeParse(event.pathParameters?.id);
  if (!id.success) throw notFound();
  const request = parseOrReject(DecisionRequest, event.body as unknown);
  const result = await decide(
    { repository, origins, resumeWorkflow: (token, output) => resumeTask(sfn, token, output) },
    id.data,
    request,
    designerFrom(event),
  );
  logger.info('decision recorded', { commissionId: result.id, stage: result.stage, decision: result.decision });
  return json(202, result);
});
