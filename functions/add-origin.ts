import { tableName } from '#core/config';
import { conflict } from '#core/errors';
import { httpHandler, json, parseOrReject } from '#core/http';
import { logger } from '#core/logger';
import { OriginRegistry } from '#core/origin-registry';
import { NewOrigin } from '#core/origins';
import { documentClient } from '#core/repository';

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
