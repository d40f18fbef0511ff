/**
 * Stores provenance certificates (core/domain/certificates.ts says what one holds and why) and
 * claims each commission's certificate id on its record, so a certificate is issued once.
 */
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Certificate, certificateOf, newCertificateId } from '#domain/certificates';
import type { Commission } from '#domain/schemas';
import { isConditionFailure } from './dynamo.ts';
import { certificateKey, commissionKey, PARTITION_KEY } from './table-keys.ts';

// pages/certificate-page.ts still imports the type from here; #domain/certificates is its home.

export class CertificateStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(certificateId: string): Promise<Certificate | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: certificateKey(certificateId) }));
    return Item ? Certificate.parse(Item) : undefined;
  }

  /**
   * Issues the certificate of a completed commission, once: however often this runs (a retried
   * task), the commission keeps the first id minted, and its certificate is written under it.
   * Two single-item writes, no transaction: the id is claimed on the commission first, so a
   * crash between the two is repaired by the next run. Undefined if there is nothing to certify.
   */
  async issue(commission: Commission, now: Date): Promise<string | undefined> {
    if (!commission.sourcing) return undefined;
    let certificateId = commission.certificateId;
    if (!certificateId) {
      const minted = newCertificateId();
      try {
        await this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: commissionKey(commission.id),
            UpdateExpression: 'SET certificateId = :id',
            ConditionExpression: `attribute_exists(${PARTITION_KEY}) AND attribute_not_exists(certificateId)`,
            ExpressionAttributeValues: { ':id': minted },
          }),
        );
        certificateId = minted;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const { Item } = await this.db.send(
          new GetCommand({ TableName: this.tableName, Key: commissionKey(commission.id), ConsistentRead: true }),
        );
        certificateId = Item?.certificateId as string | undefined;
        if (!certificateId) throw error;
      }
    }
    const certificate = certificateOf(commission, certificateId, now.toISOString());
    if (!certificate) return undefined;
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...certificateKey(certificateId), ...certificate },
          ConditionExpression: `attribute_not_exists(${PARTITION_KEY})`,
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error; // issued already: the first snapshot stands
    }
    return certificateId;
  }
}

/** Where the public certificate page is. */
export const certificateUrl = (publicBaseUrl: string, certificateId: string) => `${publicBaseUrl}/provenance/${certificateId}`;
