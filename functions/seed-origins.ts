import middy from '@middy/core';
import { tableName } from '#edge/config';
import { answerCustomResource, isCustomResourceEvent } from '#edge/custom-resource';
import { correlateInvocation, logContext, logger } from '#lib/logger';
import { OriginRegistry } from '#adapters/origin-registry';
import { loadOriginSeed } from '#adapters/origin-seed';
import { documentClient } from '#adapters/dynamo';

const registry = new OriginRegistry(documentClient(), tableName());

/**
 * Writes the seed of certified origins (functions/core/data/certified-origins.json), never over
 * a designer's entry. On AWS a custom resource invokes it on deploy; locally `npm start` invokes
 * it directly, and gets the counts back.
 */
export const handler = middy<unknown>().use(logContext(correlateInvocation)).handler(async (event: unknown) => {
  const seed = async () => {
    const seedFile = loadOriginSeed();
    const result = await registry.seed(seedFile, new Date());
    logger.info('origins seeded', { seedVersion: seedFile.seedVersion, ...result });
    return { seedVersion: seedFile.seedVersion, ...result };
  };
  if (isCustomResourceEvent(event)) return answerCustomResource(event, 'certified-origins-seed', seed);
  return seed();
});
