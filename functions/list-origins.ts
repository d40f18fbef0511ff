import { tableName } from '#edge/config';
import { httpHandler, json } from '#edge/http';
import { OriginRegistryReader } from '#adapters/origin-registry';
import { dayOf, originView } from '#domain/origins';
import { documentClient } from '#adapters/dynamo';

const registry = new OriginRegistryReader(documentClient(), tableName());

/** GET /origins — every registered certified origin, by name, each certification with its status today. */
export const handler = httpHandler({ auth: 'designer' }, async () => {
  const today = dayOf(new Date());
  return json(200, { items: (await registry.list()).map((o) => originView(o, today)) });
});
