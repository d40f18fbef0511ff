/**
 * The registry of certified origins in the commission table. All origins share one partition,
 * sorted by normalized name and country (./table-keys.ts): the registry is small (tens of mines,
 * a few KB), so listing it is one Query, and finding one by its id lists it, with no index to add.
 * The key stays name + country (as before origins had ids), so deployed registries need no
 * migration: the stable `id` is an attribute. Items written before ids and verifications existed
 * still read: their id is derived from name and country, their old validity dates (placeholders,
 * never a certifier's) are ignored, so their certifications read as unverified.
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import {
  newOriginRecord,
  originIdOf,
  reseeded,
  Retirement,
  Verification,
  type CertificationNotice,
  type NewOrigin,
  type Origin,
  type OriginSeed,
} from '#domain/origins';
import type { OriginLookup } from '#domain/ports';
import { CertifiedScheme, Metal } from '#domain/schemas';
import { isConditionFailure } from './dynamo.ts';
import { certificationNoticeKey, originKey, ORIGIN_SORT_PREFIX, ORIGINS_PARTITION, PARTITION_KEY, SORT_KEY } from './table-keys.ts';

/** Who added an origin that came from the seed file (designers are named by their email). */
const SEED_ACTOR = 'seed';

/** What is stored, old items included: unknown attributes (and the keys) are dropped. */
const StoredOrigin = z.object({
  id: z.optional(z.string()),
  name: z.string(),
  country: z.string(),
  region: z.optional(z.string()),
  source: z.string(),
  uncertain: z.optional(z.string()),
  certifications: z.array(
    z.object({
      scheme: CertifiedScheme,
      metals: z.array(Metal),
      certifier: z.string(),
      firstCertified: z.optional(z.string()),
      ended: z.optional(z.object({ on: z.string(), source: z.string() })),
      verification: z.optional(z.nullable(Verification)),
      source: z.string(),
      uncertain: z.optional(z.string()),
    }),
  ),
  retired: z.optional(Retirement),
  addedBy: z.string(),
  addedAt: z.string(),
  seedVersion: z.optional(z.number()),
  editedBy: z.optional(z.string()),
  editedAt: z.optional(z.string()),
  version: z.optional(z.number()),
});

function fromItem(item: Record<string, unknown>): Origin {
  const stored = StoredOrigin.parse(item);
  return {
    ...stored,
    id: stored.id ?? originIdOf(stored.name, stored.country),
    certifications: stored.certifications.map((c) => ({ ...c, verification: c.verification ?? null })),
    // Items from before the lock have no version: 0, and the first write makes it 1.
    version: stored.version ?? 0,
  };
}

export interface SeedResult {
  added: number;
  updated: number;
  /** Already there at this seed version, or added or edited by a designer: left alone. */
  kept: number;
}

/** Reading the registry: what the offer and the SOURCING check need (and all a public function may do). */
export class OriginRegistryReader implements OriginLookup {
  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  /** Every registered origin, by name. */
  async list(): Promise<Origin[]> {
    const origins: Origin[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: `${PARTITION_KEY} = :pk AND begins_with(${SORT_KEY}, :prefix)`,
          ExpressionAttributeValues: { ':pk': ORIGINS_PARTITION, ':prefix': ORIGIN_SORT_PREFIX },
          ConsistentRead: true,
          ...(start && { ExclusiveStartKey: start }),
        }),
      );
      for (const item of page.Items ?? []) origins.push(fromItem(item));
      start = page.LastEvaluatedKey;
    } while (start);
    return origins;
  }

  /** One origin by its id, or undefined. */
  async get(id: string): Promise<Origin | undefined> {
    return (await this.list()).find((o) => o.id === id);
  }

}

/** The registry with its writes: adding, editing and verifying origins, the seed, the certification notices. */
export class OriginRegistry extends OriginRegistryReader {
  /** Adds an origin; undefined if one with that id, or that name in that country, is registered already. */
  async add(input: NewOrigin, addedBy: string, now: Date): Promise<Origin | undefined> {
    const origin = newOriginRecord(input, addedBy, now.toISOString());
    if ((await this.list()).some((o) => o.id === origin.id)) return undefined;
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...originKey(origin.name, origin.country), ...origin },
          ConditionExpression: `attribute_not_exists(${PARTITION_KEY})`,
        }),
      );
      return origin;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  /**
   * Writes a changed origin if nobody wrote it since it was read at `readVersion` (the optimistic
   * lock); false otherwise. Name and country (the key) never change.
   */
  async save(origin: Origin, readVersion: number): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...originKey(origin.name, origin.country), ...origin },
          ...(readVersion === 0
            ? { ConditionExpression: `attribute_exists(${PARTITION_KEY}) AND attribute_not_exists(version)` }
            : { ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': readVersion } }),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /**
   * Writes the seed file's origins. Idempotent, and never over a designer's work: an origin is
   * written only if it is missing, or if the seed wrote it at an older seed version and no
   * designer has edited or verified it since (so a corrected seed reaches the table on the next
   * deploy or start). An update keeps verifications of certifications whose scheme is unchanged.
   */
  async seed(seed: OriginSeed, now: Date): Promise<SeedResult> {
    const result: SeedResult = { added: 0, updated: 0, kept: 0 };
    for (const seeded of seed.origins) {
      const key = originKey(seeded.name, seeded.country);
      const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
      if (!Item) {
        const origin = newOriginRecord(seeded, SEED_ACTOR, now.toISOString(), seed.seedVersion);
        try {
          await this.db.send(
            new PutCommand({ TableName: this.tableName, Item: { ...key, ...origin }, ConditionExpression: `attribute_not_exists(${PARTITION_KEY})` }),
          );
          result.added++;
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
          result.kept++;
        }
        continue;
      }
      const existing = fromItem(Item);
      const seedOwned = existing.addedBy === SEED_ACTOR && existing.editedBy === undefined && (existing.seedVersion ?? 0) < seed.seedVersion;
      if (seedOwned && (await this.save(reseeded(existing, seeded, seed.seedVersion), existing.version))) result.updated++;
      else result.kept++;
    }
    return result;
  }

  /**
   * Claims the one notice about a verification for a reason (a conditional put beside the
   * origins); false if it was claimed already (sent, or being sent by a concurrent run).
   */
  async claimNotice(notice: NoticeKey, now: Date): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...noticeKeyOf(notice), claimedAt: now.toISOString() },
          ConditionExpression: `attribute_not_exists(${PARTITION_KEY})`,
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Gives a claimed notice back (it could not be sent), so the next run tries again. */
  async releaseNotice(notice: NoticeKey): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: noticeKeyOf(notice) }));
  }
}

/** What makes a notice one: the origin, the scheme, the verification (all of it) and the reason. */
export type NoticeKey = Pick<CertificationNotice, 'reason'> & { originId: string; scheme: string; verification: Verification };

const noticeKeyOf = (n: NoticeKey) =>
  certificationNoticeKey(
    n.originId,
    n.scheme,
    [n.verification.checkedOn, n.verification.validUntil, encodeURIComponent(n.verification.certificateReference)].join('~'),
    n.reason,
  );
