import { tableName } from '#edge/config';
import { httpHandler, json } from '#edge/http';
import { OriginRegistryReader } from '#adapters/origin-registry';
import { offerFrom } from '#domain/offer';
import { dayOf } from '#domain/origins';
import { documentClient } from '#adapters/dynamo';

const registry = new OriginRegistryReader(documentClient(), tableName());

/** GET /offer — what an enquiry may ask for: the scheme × metal pairs the registry can source, and recycled and customer-own metal. */
export const handler = httpHandler({ auth: 'public' }, async () => json(200, offerFrom(await registry.list(), dayOf(new Date()))));
