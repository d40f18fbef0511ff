/**
 * What approving SOURCING and MAKING records, beyond the shape of the details (./stages.ts):
 * - SOURCING of certified metal must come from a registered origin whose certification for the
 *   scheme and metal is verified today (./origins.ts); the record keeps the origin as the registry
 *   has it that day, the lot's traceability and certificate, the premium (./premiums.ts) and the
 *   studio's standing for the scheme (./licences.ts). Recycled and customer-own metal have no
 *   origin, no traceability and no premium.
 * - MAKING: the fineness mark must be the sourced fineness's, the exemption only under the legal
 *   weight threshold, and the scheme's mark only by a licensee, on physically traceable metal.
 * Pure apart from the ports; `today` is a parameter.
 */
import { ApiError, validationFailed, type FieldError } from '#lib/errors';
import { standingFor, type StudioLicences } from './licences.ts';
import { checkSourcingOrigin } from './origins.ts';
import type { OriginLookup } from './ports.ts';
import { computePremium } from './premiums.ts';
import { FINENESS_PER_MILLE, type MakingApproval, type MakingRecord, type Metal, type SourcingApproval, type SourcingRecord } from './schemas.ts';

/** The sourcing record to store, or a 400 (`origin_not_verified` / `certification_lapsed`) naming `details.origin`. */
export async function sourcingRecord(
  origins: OriginLookup,
  licences: StudioLicences,
  details: SourcingApproval,
  today: string,
): Promise<SourcingRecord> {
  const premium = computePremium(details);
  if (details.scheme === 'recycled' || details.scheme === 'customer-own') {
    return { ...details, premium, sourcedOn: today };
  }
  const check = checkSourcingOrigin(await origins.list(), details.origin, details.scheme, details.metal, today);
  if (!check.ok) throw new ApiError(400, check.code, check.message, [{ path: 'details.origin', message: check.message }]);
  const { origin, certification } = check;
  return {
    ...details,
    // The registry's spelling and facts as they stood that day, not the designer's typing.
    origin: {
      id: origin.id,
      name: origin.name,
      country: origin.country,
      ...(origin.region !== undefined && { region: origin.region }),
      certifier: certification.certifier,
      certification: {
        ...(certification.firstCertified !== undefined && { firstCertified: certification.firstCertified }),
        verification: certification.verification,
      },
    },
    premium,
    standing: standingFor(licences, details.scheme, today),
    sourcedOn: today,
  };
}

/** Below these weights a piece need not be hallmarked in the UK (Hallmarking Act 1973). */
const HALLMARK_EXEMPT_BELOW_GRAMS: Record<Metal, number> = { gold: 1, silver: 7.78, platinum: 0.5 };

/** The making record to store, or a 400 naming the detail that cannot be true of this piece. */
export function makingRecord(
  details: MakingApproval,
  sourcing: SourcingRecord | undefined,
  licences: StudioLicences,
  today: string,
): MakingRecord {
  const fields: FieldError[] = [];
  const { hallmark } = details;
  if (sourcing) {
    if ('exempt' in hallmark) {
      const limit = HALLMARK_EXEMPT_BELOW_GRAMS[sourcing.metal];
      if (hallmark.pieceWeightGrams >= limit) {
        fields.push({
          path: 'details.hallmark.pieceWeightGrams',
          message: `A ${sourcing.metal} piece of ${limit} g or more must be hallmarked`,
        });
      }
    } else {
      const expected = String(FINENESS_PER_MILLE[sourcing.fineness]);
      if (hallmark.finenessMark !== expected) {
        fields.push({
          path: 'details.hallmark.finenessMark',
          message: `The sourced metal is ${sourcing.fineness}: its fineness mark is ${expected}`,
        });
      }
    }
  }
  const certified = sourcing && sourcing.scheme !== 'recycled' && sourcing.scheme !== 'customer-own' ? sourcing : undefined;
  const standing = certified ? standingFor(licences, certified.scheme, today) : undefined;
  if (details.schemeMark === true) {
    const why = !certified
      ? 'Only certified metal may carry a scheme mark'
      : certified.traceability !== 'physical'
        ? 'Only physically traceable metal may carry the scheme mark (this lot is not recorded as physical)'
        : standing?.kind !== 'licensee'
          ? 'Only a licensee may strike the scheme mark: the studio holds no licensee licence for this scheme valid today'
          : undefined;
    if (why) fields.push({ path: 'details.schemeMark', message: why });
  }
  if (fields.length > 0) throw validationFailed(fields, 'The making details do not agree with the sourced metal or the studio’s licences');
  return { ...details, ...(standing && { standing }) };
}
