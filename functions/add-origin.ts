import { tableName } from '#edge/config';
import { conflict } from '#lib/errors';
import { httpHandler, json, parseOrReject } from '#edge/http';
import { logger } from '#lib/logger';
import { OriginRegistry } from '#adapters/origin-registry';
import { NewOrigin } from '#domain/origins';
import { documentClient } from '#adapters/dynamo';

const registry = new OriginRegistry(documentClient(), tableName());

/** POST /origins — registers a certified origin; 409 if that name is registered in that country. */
export const handler = httpHandler({ auth: 'designer', jsonBody: true }, async ({ event, designer }) => {
  const origin = parseOrReject(NewOrigin, event.body as unknown);
  if (!(await registry.add(origin, designer!.name, new Date()))) {
    throw conflict('origin_exists', `${origin.name} (${origin.country}) is already in the registry`);
  }
  logger.info('origin added', { certifications: origin.certifications.length });
  return json(201, origin);
});
