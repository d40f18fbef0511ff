import { tableName } from '#edge/config';
import { ApiError, conflict, notFound, validationFailed } from '#lib/errors';
import { httpHandler, json, parseOrReject } from '#edge/http';
import { logger } from '#lib/logger';
import { OriginRegistry } from '#adapters/origin-registry';
import { dayOf, OriginId, originView, recordVerification, VerificationRequest } from '#domain/origins';
import { documentClient } from '#adapters/dynamo';

const registry = new OriginRegistry(documentClient(), tableName());

/**
 * POST /origins/{originId}/verifications — a designer checked the current certificate of one of
 * the origin's schemes. The same check again answers the same (nothing new is written).
 */
export const handler = httpHandler({ auth: 'designer', jsonBody: true }, async ({ event, designer }) => {
  const id = OriginId.safeParse(event.pathParameters?.originId);
  const request = parseOrReject(VerificationRequest, event.body as unknown);
  const origin = id.success ? await registry.get(id.data) : undefined;
  if (!origin) throw notFound('Origin');
  const now = new Date();
  const today = dayOf(now);
  const outcome = recordVerification(origin, request, designer!.name, now.toISOString(), today);
  if (!outcome.ok) {
    if (outcome.path) throw validationFailed([{ path: outcome.path, message: outcome.message }], outcome.message);
    throw new ApiError(outcome.status, outcome.code, outcome.message);
  }
  if (outcome.changed && !(await registry.save(outcome.origin, origin.version))) {
    throw conflict('edit_conflict', `${origin.name} was changed by someone else meanwhile: reload it and try again`);
  }
  logger.info('origin verified', { originId: origin.id, scheme: request.scheme, changed: outcome.changed });
  return json(201, originView(outcome.origin, today), { etag: `"${outcome.origin.version}"` });
});
