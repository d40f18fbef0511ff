/**
 * Provenance certificates: a snapshot of a completed piece's provenance, stored under a random
 * certificate id (core/adapters/certificate-store.ts) and served publicly at /provenance/{certificateId}.
 *
 * Why a separate id rather than the commission id: the commission id is in logs, execution
 * names, studio emails and designer URLs; the certificate id is only in the customer's email and
 * the page itself. 128 random bits (22 base64url characters) cannot be guessed, and a leaked one
 * exposes only the certificate — it holds no name, email, phone or task token.
 *
 * Why a snapshot: a certificate states what was true when the piece was completed; it must not
 * change if the registry entry is edited later. The claim wording is not stored but rendered
 * from ./claims.ts, so a correction to the wording reaches every certificate.
 */
import { randomBytes } from 'node:crypto';
import * as z from 'zod/mini';
import { CertifiedScheme, Fineness, Metal, PremiumRecord, RecordedOrigin, type Commission, type Stage } from './schemas.ts';

/** 16 random bytes, base64url: exactly 22 characters of [A-Za-z0-9_-]. */
export const CertificateId = z.string().check(z.regex(/^[A-Za-z0-9_-]{22}$/));
export const newCertificateId = () => randomBytes(16).toString('base64url');

export const Certificate = z.object({
  certificateId: z.string(),
  /** The short commission reference the customer's emails carry (not the id itself). */
  commissionReference: z.string(),
  issuedAt: z.string(),
  pieceKind: z.string(),
  scheme: CertifiedScheme,
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
