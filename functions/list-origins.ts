import { tableName } from '#edge/config';
import { httpHandler, json } from '#edge/http';
import { OriginRegistry } from '#adapters/origin-registry';
import { documentClient } from '#adapters/dynamo';

const registry = new OriginRegistry(documentClient(), tableName());

/** GET /origins — every registered certified origin, by name. */
export const handler = httpHandler({ auth: 'designer' }, async () => json(200, { items: await registry.list() }));
