/**
 * What the studio can take on: the scheme × metal pairs it can source. A certified pair is offered
 * when some origin in the registry holds that certification, neither lapsed nor retired (verified
 * or not: verification is needed at SOURCING, not at enquiry). Recycled and customer-own metal need
 * no origin; they are offered in the metals the studio also sources certified.
 */
import { certificationStatus, type Origin } from './origins.ts';
import { CERTIFIED_SCHEMES, FINENESS_BY_METAL, Metal, type Fineness, type Scheme } from './schemas.ts';

type OfferItem = { scheme: Scheme; metal: Metal; finenesses: readonly Fineness[] };
export type Offer = { items: OfferItem[] };

const UNCERTIFIED_SCHEMES = ['recycled', 'customer-own'] as const satisfies readonly Scheme[];

export function offerFrom(origins: readonly Origin[], today: string): Offer {
  const offered = new Set<string>();
  for (const origin of origins) {
    for (const certification of origin.certifications) {
      const { status } = certificationStatus(origin, certification, today);
      if (status === 'lapsed' || status === 'retired') continue;
      for (const metal of certification.metals) offered.add(`${certification.scheme}/${metal}`);
    }
  }
  const items: OfferItem[] = [];
  const metals = Metal.options.filter((metal) => CERTIFIED_SCHEMES.some((scheme) => offered.has(`${scheme}/${metal}`)));
  for (const scheme of CERTIFIED_SCHEMES) {
    for (const metal of metals) if (offered.has(`${scheme}/${metal}`)) items.push({ scheme, metal, finenesses: FINENESS_BY_METAL[metal] });
  }
  for (const scheme of UNCERTIFIED_SCHEMES) {
    for (const metal of metals) items.push({ scheme, metal, finenesses: FINENESS_BY_METAL[metal] });
  }
  return { items };
}

/** Whether an enquiry's scheme and metal are on offer. */
export const isOffered = (offer: Offer, scheme: Scheme, metal: Metal) => offer.items.some((i) => i.scheme === scheme && i.metal === metal);
