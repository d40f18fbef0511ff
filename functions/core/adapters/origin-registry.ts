/**
 * The registry of certified origins in the commission table. All origins share one partition,
 * sorted by normalized name and country (./table-keys.ts): the registry is small (tens of mines,
 * a few KB), so listing it is one Query and checking a sourcing is one Query on a name prefix,
 * with no index to add. Names and countries are keys in normalized form (core/domain/origins.ts), so
 * "Iquira" finds "Íquira"; the same name may be registered in two countries.
 */
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Origin, type NewOrigin, type OriginSeed } from '#domain/origins';
import type { OriginLookup } from '#domain/ports';
import { isConditionFailure } from './dynamo.ts';
import { originKey, originNamePrefix, ORIGINS_PARTITION, PARTITION_KEY, SORT_KEY } from './table-keys.ts';

/** Who added an origin that came from the seed file (designers are named by their email). */
const SEED_ACTOR = 'seed';

export interface SeedResult {
  added: number;
  updated: number;
  /** Already there at this seed version, or added or edited by a designer: left alone. */
  kept: number;
}

export class OriginRegistry implements OriginLookup {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Every registered origin, by name. */
  async list(): Promise<Origin[]> {
    return this.query(`${PARTITION_KEY} = :pk`, { ':pk': ORIGINS_PARTITION });
  }

  /** The origins registered under `name` (compared normalized), in any country. */
  async findByName(name: string): Promise<Origin[]> {
    return this.query(`${PARTITION_KEY} = :pk AND begins_with(${SORT_KEY}, :prefix)`, {
      ':pk': ORIGINS_PARTITION,
      ':prefix': originNamePrefix(name),
    });
  }

  /** Adds an origin; false if one with that name and country is registered already. */
  async add(origin: NewOrigin, addedBy: string, now: Date): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...originKey(origin.name, origin.country), ...origin, addedBy, addedAt: now.toISOString() },
          ConditionExpression: `attribute_not_exists(${PARTITION_KEY})`,
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /**
   * Writes the seed file's origins. Idempotent, and never overwrites a designer's work: an origin
   * is written only if it is missing, or if the seed wrote it at an older seed version (so a
   * corrected seed reaches the table on the next deploy or start).
   */
  async seed(seed: OriginSeed, now: Date): Promise<SeedResult> {
    const result: SeedResult = { added: 0, updated: 0, kept: 0 };
    for (const origin of seed.origins) {
      try {
        const { Attributes } = await this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              ...originKey(origin.name, origin.country),
              ...origin,
              addedBy: SEED_ACTOR,
              addedAt: now.toISOString(),
              seedVersion: seed.seedVersion,
            },
            ConditionExpression: `attribute_not_exists(${PARTITION_KEY}) OR (addedBy = :seed AND seedVersion < :version)`,
            ExpressionAttributeValues: { ':seed': SEED_ACTOR, ':version': seed.seedVersion },
            ReturnValues: 'ALL_OLD',
          }),
        );
        if (Attributes) result.updated++;
        else result.added++;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        result.kept++;
      }
    }
    return result;
  }

  private async query(condition: string, values: Record<string, string>): Promise<Origin[]> {
    const origins: Origin[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: condition,
          ExpressionAttributeValues: values,
          ConsistentRead: true,
          ...(start && { ExclusiveStartKey: start }),
        }),
      );
      // Parsing strips the keys.
      for (const item of page.Items ?? []) origins.push(Origin.parse(item));
      start = page.LastEvaluatedKey;
    } while (start);
    return origins;
  }
}
