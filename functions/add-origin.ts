import { tableName } from '#edge/config';
import { conflict } from '#lib/errors';
import { httpHandler, json, parseOrReject } from '#edge/http';
import { logger } from '#lib/logger';
import { OriginRegistry } from '#adapters/origin-registry';
import { dayOf, NewOrigin, originView } from '#domain/origins';
import { documentClient } from '#adapters/dynamo';

const registry = new OriginRegistry(documentClient(), tableName());

/**
 * POST /origins — registers a certified origin, its certifications unverified until a designer
 * records a check (POST /origins/{originId}/verifications); 409 if that name is registered in
 * that country, or the id is taken.
 */
export const handler = httpHandler({ auth: 'designer', jsonBody: true }, async ({ event, designer }) => {
  const input = parseOrReject(NewOrigin, event.body as unknown);
  const now = new Date();
  const origin = await registry.add(input, designer!.name, now);
  if (!origin) throw conflict('origin_exists', `${input.name} (${input.country}) is already in the registry`);
  logger.info('origin added', { originId: origin.id, certifications: origin.certifications.length });
  return json(201, originView(origin, dayOf(now)), { etag: `"${origin.version}"` });
});
