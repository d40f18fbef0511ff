/**
 * Provenance certificates: a snapshot of a completed piece's provenance, stored under a random
 * certificate id and served publicly at /provenance/{certificateId}.
 *
 * Why a separate id rather than the commission id: the commission id is in logs, execution
 * names, studio emails and designer URLs; the certificate id is only in the customer's email and
 * the page itself. 128 random bits (22 base64url characters) cannot be guessed, and a leaked one
 * exposes only the certificate — it holds no name, email, phone or task token.
 *
 * Why a snapshot: a certificate states what was true when the piece was completed; it must not
 * change if the registry entry is edited later. The claim wording is not stored but rendered
 * from core/domain/claims.ts, so a correction to the wording reaches every certificate.
 */
import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { Fineness, Metal, PremiumRecord, RecordedOrigin, Scheme, type Commission, type Stage } from '#domain/schemas';
import { isConditionFailure } from './dynamo.ts';
import { certificateKey, commissionKey, PARTITION_KEY } from './table-keys.ts';

/** 16 random bytes, base64url: exactly 22 characters of [A-Za-z0-9_-]. */
export const CertificateId = z.string().check(z.regex(/^[A-Za-z0-9_-]{22}$/));
export const newCertificateId = () => randomBytes(16).toString('base64url');

export const Certificate = z.object({
  certificateId: z.string(),
  /** The short commission reference the customer's emails carry (not the id itself). */
  commissionReference: z.string(),
  issuedAt: z.string(),
  pieceKind: z.string(),
  scheme: Scheme,
  metal: Metal,
  fineness: Fineness,
  weightGrams: z.number(),
  origin: RecordedOrigin,
  supplier: z.string(),
  lotReference: z.string(),
  hallmark: z.optional(z.string()),
  schemeMark: z.optional(z.boolean()),
  premium: z.optional(PremiumRecord),
  /** What happened when: dates only, and no one's name. */
  timeline: z.array(z.object({ stage: z.string(), event: z.string(), at: z.string() })),
});
export type Certificate = z.infer<typeof Certificate>;

const TIMELINE_EVENTS: Partial<Record<Stage, string>> = {
  ENQUIRY: 'Commission accepted',
  DESIGN: 'Design approved',
  SOURCING: 'Certified metal sourced',
  MAKING: 'Made and hallmarked',
  DELIVERY: 'Delivered',
};

/** The certificate of a completed commission; undefined if it was never sourced (nothing to certify). */
export function certificateOf(c: Commission, certificateId: string, issuedAt: string): Certificate | undefined {
  const s = c.sourcing;
  if (!s) return undefined;
  // The last approval of each stage is the one that stood (earlier ones were revised).
  const approvals = new Map(c.history.filter((h) => h.event === 'approved').map((h) => [h.stage, h.at]));
  return {
    certificateId,
    commissionReference: c.id.slice(0, 8).toUpperCase(),
    issuedAt,
    pieceKind: c.piece.kind,
    scheme: s.scheme,
    metal: s.metal,
    fineness: s.fineness,
    weightGrams: s.weightGrams,
    origin: s.origin,
    supplier: s.supplier,
    lotReference: s.lotReference,
    ...(c.making && { hallmark: c.making.hallmark }),
    ...(c.making?.schemeMark !== undefined && { schemeMark: c.making.schemeMark }),
    ...(s.premium && { premium: s.premium }),
    timeline: [
      { stage: 'ENQUIRY', event: 'Enquiry received', at: c.createdAt },
      ...Object.entries(TIMELINE_EVENTS).flatMap(([stage, event]) => {
        const at = approvals.get(stage as Stage);
        return at ? [{ stage, event, at }] : [];
      }),
    ],
  };
}

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
