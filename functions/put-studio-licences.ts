import { tableName } from '#edge/config';
import { httpHandler, json, parseOrReject } from '#edge/http';
import { logger } from '#lib/logger';
import { StudioLicenceStore } from '#adapters/studio-licences';
import { StudioLicences } from '#domain/licences';
import { documentClient } from '#adapters/dynamo';

const store = new StudioLicenceStore(documentClient(), tableName());

/** PUT /studio/licences — the studio's licences, as a whole (a scheme left out has no licence). */
export const handler = httpHandler({ auth: 'designer', jsonBody: true }, async ({ event, designer }) => {
  const licences = parseOrReject(StudioLicences, event.body as unknown);
  await store.put(licences, designer!.name, new Date().toISOString());
  logger.info('studio licences recorded', { schemes: Object.keys(licences) });
  return json(200, { licences });
});
