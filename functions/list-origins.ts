import { tableName } from '#core/config';
import { httpHandler, json } from '#core/http';
import { OriginRegistry } from '#core/origin-registry';
import { documentClient } from '#core/repository';

const registry = new OriginRegistry(documentClient(), tableName());

/** GET /origins — every registered certified origin, by name. */
export const handler = httpHandler({ auth: 'designer' }, async () => json(200, { items: await registry.list() }));
