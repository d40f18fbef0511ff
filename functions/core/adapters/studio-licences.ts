/**
 * The studio's licences (one item) and the notes of which commissions sourced Fairtrade metal in
 * a year. The yearly total is read from the commission records the notes point to, so it counts
 * exactly the approvals that stand: a note whose claim lost, or whose approval was taken back
 * (the record's sourcing restored), adds nothing. A studio sources a few hundred lots a year at
 * most: one Query and a few BatchGets.
 */
import { BatchGetCommand, type BatchGetCommandOutput, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { StudioLicences, type SourcedLot } from '#domain/licences';
import type { SourcedWeightLedger, StudioLicenceLookup } from '#domain/ports';
import { SourcingRecord } from '#domain/schemas';
import { commissionIdOf, commissionKey, PARTITION_KEY, SORT_KEY, sourcedLotKey, sourcedYearPartition, studioLicencesKey } from './table-keys.ts';

export class StudioLicenceStore implements StudioLicenceLookup, SourcedWeightLedger {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The licences as last put; none recorded means no licence for any scheme. */
  async get(): Promise<StudioLicences> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: studioLicencesKey(), ConsistentRead: true }));
    return Item ? StudioLicences.parse(Item.licences) : {};
  }

  async put(licences: StudioLicences, updatedBy: string, now: string): Promise<void> {
    await this.db.send(
      new PutCommand({ TableName: this.tableName, Item: { ...studioLicencesKey(), licences, updatedBy, updatedAt: now } }),
    );
  }

  async note(commissionId: string, year: number): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...sourcedLotKey(year, commissionId) } }));
  }

  /** The Fairtrade lots whose SOURCING approval stands on the commission record, sourced in `year`. */
  async fairtradeLots(year: number): Promise<SourcedLot[]> {
    const ids: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: `${PARTITION_KEY} = :pk`,
          ExpressionAttributeValues: { ':pk': sourcedYearPartition(year) },
          ConsistentRead: true,
          ...(start && { ExclusiveStartKey: start }),
        }),
      );
      for (const item of page.Items ?? []) {
        const id = commissionIdOf(String(item[SORT_KEY]));
        if (id) ids.push(id);
      }
      start = page.LastEvaluatedKey;
    } while (start);

    const lots: SourcedLot[] = [];
    for (let i = 0; i < ids.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = ids.slice(i, i + 100).map((id) => commissionKey(id));
      // BatchGet may hand back some keys unprocessed under load: ask again for those.
      while (keys && keys.length > 0) {
        const answer: BatchGetCommandOutput = await this.db.send(
          new BatchGetCommand({
            RequestItems: {
              [this.tableName]: { Keys: keys, ProjectionExpression: 'sourcing', ConsistentRead: true },
            },
          }),
        );
        for (const item of answer.Responses?.[this.tableName] ?? []) {
          const sourcing = SourcingRecord.safeParse(item.sourcing);
          if (!sourcing.success) continue;
          const s = sourcing.data;
          if (s.scheme === 'fairtrade' && s.sourcedOn?.startsWith(`${year}-`)) lots.push({ metal: s.metal, weightGrams: s.weightGrams });
        }
        keys = answer.UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
    return lots;
  }
}
