/**
 * What we may say about a piece's metal, in one place, used by the emails and the certificate.
 *
 * The schemes distinguish a piece that carries the scheme's mark from one merely made with
 * metal sourced under the scheme (docs/provenance.md, "What the studio may claim"):
 * - Fairtrade: a full licensee may strike the FAIRTRADE Mark on fully traceable metal; a
 *   jeweller registered under the Goldsmiths Registration Scheme buys from a licensee and may
 *   not stamp, so it says the piece is *made with* Fairtrade metal.
 * - Fairmined: labelled metal is kept separate through the whole chain; a licensee or
 *   authorised supplier may use the Fairmined mark; anyone else makes general claims only.
 * So the mark is claimed only when the designer recorded, at MAKING, that it was struck
 * (`schemeMark`); otherwise the wording is the modest "made with … sourced under …".
 */
import { SCHEME_NAMES } from './labels.ts';
import type { CertifiedScheme, Metal } from './schemas.ts';

// origins.ts takes the scheme names from here.

/** "USD 6.30" — premiums are always shown with two decimals. */
export const formatUsd = (amount: number) => `USD ${amount.toFixed(2)}`;

/** The scheme's mark as it is called. */
const MARK_NAMES: Record<CertifiedScheme, string> = {
  fairtrade: 'the FAIRTRADE Mark',
  fairmined: 'the Fairmined mark',
  'fairmined-ecological': 'the Fairmined Ecological mark',
};

/** Who certifies under each scheme, for the sentence that says what the scheme guarantees. */
const SCHEME_PROMISE: Record<CertifiedScheme, string> = {
  fairtrade: 'Fairtrade certified miners receive at least 95% of the market price and a Fairtrade Premium for their community.',
  fairmined:
    'Fairmined certified miners meet the Alliance for Responsible Mining\'s standard and receive a Fairmined Premium for their community.',
  'fairmined-ecological':
    'Fairmined Ecological metal is mined without mercury or cyanide, and its miners receive the Fairmined Ecological Premium.',
};

export interface ClaimInput {
  scheme: CertifiedScheme;
  metal: Metal;
  /** The scheme's mark was struck on the piece (only a licensee may). */
  schemeMark?: boolean | undefined;
  origin?: { name: string; country: string } | undefined;
}

export interface Claim {
  /** One line: "Made with Fairtrade gold" / "Fairtrade gold, stamped with the FAIRTRADE Mark". */
  headline: string;
  /** The sentences that go with it. */
  statement: string;
}

export function provenanceClaim({ scheme, metal, schemeMark, origin }: ClaimInput): Claim {
  const metalName = `${SCHEME_NAMES[scheme]} ${metal}`;
  const from = origin ? ` from ${origin.name}, ${origin.country}` : '';
  if (schemeMark) {
    return {
      headline: `${metalName}, stamped with ${MARK_NAMES[scheme]}`,
      statement: `This piece carries ${MARK_NAMES[scheme]}: its ${metal} is certified under the ${SCHEME_NAMES[scheme]} scheme and traced${from}. ${SCHEME_PROMISE[scheme]}`,
    };
  }
  return {
    headline: `Made with ${metalName}`,
    statement: `This piece is made with ${metal} sourced under the ${SCHEME_NAMES[scheme]} scheme${from}; it does not carry the scheme's mark. ${SCHEME_PROMISE[scheme]}`,
  };
}
