/**
 * What the customer reads must be true: the completion email, the status page and the
 * certificate say of a piece's metal only what the studio's licence and the lot's traceability
 * allow (core/domain/claims.ts), name unknown facts as unknown, and the studio-wide copy says only
 * what is true of every piece. Fixtures are dated in the past; nothing here reads the clock.
 */
import { describe, expect, it } from 'vitest';
import { certificateOf, Certificate } from '#domain/certificates';
import { CUSTOMER_STAGES } from '#domain/labels';
import { Commission, type MakingRecord, type SourcingRecord } from '#domain/schemas';
import { customerStageEmail } from '#email/customer-emails';
import { FOOTER } from '#email/render';
import { studioAwaitingEmail } from '#email/studio-emails';
import { certificatePage } from '#pages/certificate-page';
import { BRAND_LINE, COLOPHON } from '#pages/frame';
import { enquiryPage } from '#pages/site';
import { statusPage } from '#pages/status-view';

const SOTRAMI = {
  id: 'sotrami-peru',
  name: 'SOTRAMI',
  country: 'Peru',
  region: 'Santa Filomena, Ayacucho',
  certifier: 'FLOCERT',
  certification: {
    firstCertified: '2011-05',
    verification: { certificateReference: 'FLO-ID 12345', checkedOn: '2025-02-03', checkedBy: 'rosa@studio.test', validUntil: '2025-12-31' },
  },
};

const ESTIMATE = {
  fineGrams: 3.15,
  method: 'estimate',
  amountUsd: 6.3,
  usdPerKgFine: 2000,
  rateAsOf: '2013-08-01',
  rateSource: 'Fairtrade International, gold premium',
  rateUncertain: 'Not confirmed since 2015.',
} as const;

/** A certified lot as stored (the union's member with an origin). */
type CertifiedSourcingRecord = Extract<SourcingRecord, { origin: unknown }>;

function certified(overrides: Partial<CertifiedSourcingRecord> = {}): SourcingRecord {
  return {
    scheme: 'fairtrade',
    metal: 'gold',
    fineness: '18ct',
    weightGrams: 4.2,
    origin: SOTRAMI,
    traceability: 'physical',
    certificateReference: 'COC-2025-0042',
    supplier: 'Certified Refiner Ltd',
    lotReference: 'LOT-2025-0042',
    premium: ESTIMATE,
    standing: { kind: 'licensee', reference: 'FT-LIC-001' },
    sourcedOn: '2025-03-10',
    ...overrides,
  };
}

const HALLMARKED: MakingRecord = {
  hallmark: { sponsorMark: 'RL', assayOffice: 'birmingham', finenessMark: '750', dateLetter: 'z' },
};

/** A commission completed in 2025, parsed as stored records are. */
function completed(sourcing: unknown, making: unknown = HALLMARKED, scheme = 'fairtrade'): Commission {
  const at = (day: string) => `2025-${day}T10:00:00.000Z`;
  return Commission.parse({
    id: '6f1c2f5e-8a8b-4a57-9a53-3f2a1f0e9b11',
    stage: 'COMPLETED',
    revision: 1,
    version: 7,
    awaiting: null,
    customer: { name: 'Ana Lima', email: 'ana@example.com' },
    piece: { kind: 'engagement-ring', description: 'Solitaire, low setting' },
    metal: { scheme, metal: 'gold', fineness: '18ct', colour: 'yellow' },
    design: { summary: 'Solitaire in a low six-claw setting', price: { amount: 2400, currency: 'GBP' } },
    sourcing,
    making,
    delivery: { method: 'courier', carrier: 'Royal Mail Special Delivery', trackingNumber: 'RM123456789GB' },
    history: [
      { at: at('02-01'), stage: 'ENQUIRY', event: 'approved', actor: 'rosa@studio.test' },
      { at: at('02-20'), stage: 'DESIGN', event: 'approved', actor: 'rosa@studio.test' },
      { at: at('03-10'), stage: 'SOURCING', event: 'approved', actor: 'rosa@studio.test' },
      { at: at('04-02'), stage: 'MAKING', event: 'approved', actor: 'rosa@studio.test' },
      { at: at('04-09'), stage: 'DELIVERY', event: 'approved', actor: 'rosa@studio.test' },
    ],
    stageEnteredAt: at('04-09'),
    createdAt: at('01-28'),
    updatedAt: at('04-09'),
  });
}

/** HTML as a reader sees it: tags gone, entities decoded. */
const readable = (html: string) =>
  html
    .replace(/<style>[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

/** The three places a completed commission's provenance is read, each as its reader sees it. */
function surfaces(c: Commission): Record<'email' | 'emailHtml' | 'status' | 'certificate', string> {
  const email = customerStageEmail(c, { certificateUrl: 'https://studio.example/provenance/AAAAAAAAAAAAAAAAAAAAAA' });
  const certificate = Certificate.parse(certificateOf(c, 'AAAAAAAAAAAAAAAAAAAAAA', '2025-04-09T10:00:00.000Z'));
  return {
    email: email.text,
    emailHtml: readable(email.html),
    status: readable(statusPage(c, { expires: '1', sig: 'x' }).body.value),
    certificate: readable(certificatePage(certificate, 'https://studio.example/provenance/AAAAAAAAAAAAAAAAAAAAAA')),
  };
}

const everywhere = (c: Commission) => Object.entries(surfaces(c));

/** Words that would claim more than any record shows, or garble. */
const NEVER = [/traceable to the mine/i, /which mine your metal/i, /paid by (the |our )?(customer|you)/i, /\bundefined\b/, /\bNaN\b/, /\[object /, /Paid by the supplier at/];

describe('a studio with no licence', () => {
  const c = completed(certified({ standing: { kind: 'none' } }), { ...HALLMARKED, schemeMark: false });

  it('names no scheme mark, makes no licensee claim and names no mine, in the email, the status page and the certificate', () => {
    for (const [where, text] of everywhere(c)) {
      expect(text, where).not.toMatch(/\bMark\b|mark was struck|stamped/);
      expect(text, where).not.toMatch(/licensee|Goldsmiths Registration/i);
      expect(text, where).not.toContain('SOTRAMI');
      expect(text, where).not.toContain('Fairtrade');
      expect(text, where).not.toMatch(/premium/i);
      for (const never of NEVER) expect(text, where).not.toMatch(never);
      // What it may say: where the metal came from in general, and the facts of the lot.
      expect(text, where).toContain('artisanal and small-scale mining');
      expect(text, where).toContain('LOT-2025-0042');
      expect(text, where).toMatch(/Metal:? 18ct gold \(fineness 750\), 4\.2 g/);
    }
  });
});

describe('a Fairtrade licensee, physically traceable metal, the mark struck', () => {
  const c = completed(certified(), { ...HALLMARKED, schemeMark: true });

  it('names the mark and the mine everywhere', () => {
    for (const [where, text] of everywhere(c)) {
      expect(text, where).toContain('the FAIRTRADE Mark');
      expect(text, where).toContain('SOTRAMI, Santa Filomena, Ayacucho, Peru');
      expect(text, where).toMatch(/Metal:? 18ct Fairtrade gold \(fineness 750\), 4\.2 g/);
      for (const never of NEVER) expect(text, where).not.toMatch(never);
    }
  });

  it('gives the premium as the estimated share paid upstream, with its basis', () => {
    for (const [where, text] of everywhere(c)) {
      expect(text, where).toMatch(/Estimated share of the Fairtrade Premium paid upstream[^:]*:? USD 6\.30/);
      expect(text, where).toContain('USD 2,000 per kg of fine metal × 3.15 g');
    }
  });

  it('shows the structured hallmark', () => {
    for (const [where, text] of everywhere(c)) {
      expect(text, where).toMatch(/Sponsor’s mark:? RL/);
      expect(text, where).toMatch(/Assay office:? Birmingham Assay Office/);
      expect(text, where).toMatch(/Fineness mark:? 750/);
      expect(text, where).toMatch(/Date letter:? z/);
    }
  });

  it('without the mark struck, names the mine but claims no mark', () => {
    for (const [where, text] of everywhere(completed(certified(), HALLMARKED))) {
      expect(text, where).toContain('SOTRAMI');
      expect(text, where).not.toMatch(/Scheme mark|stamped with/);
    }
  });
});

describe('mass-balance metal', () => {
  it('names no mine, and says the metal cannot be traced to one', () => {
    const c = completed(certified({ traceability: 'mass-balance' }));
    for (const [where, text] of everywhere(c)) {
      expect(text, where).not.toContain('SOTRAMI');
      expect(text, where).not.toMatch(/Mined by/);
      expect(text, where).toContain('cannot be traced to one mine');
      for (const never of NEVER) expect(text, where).not.toMatch(never);
    }
  });
});

describe('a registered goldsmith', () => {
  it('uses the off-pack wording: bought from a licensee, no mark', () => {
    const c = completed(certified({ standing: { kind: 'registered-goldsmith', reference: 'GRS-7' } }), { ...HALLMARKED, schemeMark: false });
    for (const [where, text] of everywhere(c)) {
      expect(text, where).toContain('bought from a Fairtrade licensee');
      expect(text, where).not.toContain('stamped with');
    }
  });
});

describe('recycled metal', () => {
  it('gives the refiner and its certificate, no mine and no premium', () => {
    const c = completed(
      {
        scheme: 'recycled',
        metal: 'gold',
        fineness: '18ct',
        weightGrams: 4.2,
        refiner: 'Green Refinery Ltd',
        certificateReference: 'RC-2025-118',
        lotReference: 'LOT-R-9',
        premium: { fineGrams: 3.15, method: 'none', reason: 'Recycled metal: no miners’ premium.' },
      },
      HALLMARKED,
      'recycled',
    );
    for (const [where, text] of everywhere(c)) {
      expect(text, where).toContain('recycled gold');
      expect(text, where).toContain('Green Refinery Ltd');
      expect(text, where).toContain('RC-2025-118');
      expect(text, where).not.toMatch(/Mined by|Estimated share|Premium invoiced/);
      for (const never of NEVER) expect(text, where).not.toMatch(never);
    }
  });
});

describe('the customer’s own metal', () => {
  const c = completed(
    {
      scheme: 'customer-own',
      metal: 'gold',
      fineness: '18ct',
      weightGrams: 6.1,
      assay: { reference: 'ASSAY-77', assayedBy: 'Birmingham Assay Office' },
      premium: { fineGrams: 4.575, method: 'none', reason: 'The customer’s own metal: no miners’ premium.' },
    },
    { hallmark: { exempt: 'under-weight', pieceWeightGrams: 0.8 } },
    'customer-own',
  );

  it('is made from your own metal, weighed and assayed: no mine, no premium', () => {
    for (const [where, text] of everywhere(c)) {
      expect(text, where).toContain('your own gold');
      expect(text, where).not.toMatch(/Mined by|Estimated share|Premium invoiced|the customer's own/);
      for (const never of NEVER) expect(text, where).not.toMatch(never);
    }
  });

  it('says a piece under the legal weight is exempt from hallmarking, not that it was hallmarked', () => {
    for (const [where, text] of everywhere(c)) expect(text, where).toContain('Exempt from hallmarking: under the legal weight');
  });

  it('words the enquiry and the studio’s email without garbling the scheme', () => {
    const enquiry = customerStageEmail({ ...c, stage: 'ENQUIRY' });
    expect(enquiry.text).toContain('in your own 18ct yellow gold');
    expect(studioAwaitingEmail({ ...c, stage: 'ENQUIRY' }, 'studio@studio.test').text).toContain("An engagement ring in the customer’s own 18ct yellow gold");
  });
});

describe('the premium', () => {
  const premiumOf = (premium: object) => surfaces(completed(certified({ premium } as never)));

  it('from the supplier’s invoice, says so', () => {
    for (const [where, text] of Object.entries(premiumOf({ fineGrams: 3.15, method: 'invoiced', invoiced: { amount: 7.1, currency: 'GBP' } }))) {
      expect(text, where).toMatch(/Premium invoiced by the supplier:? GBP 7\.10/);
      for (const never of NEVER) expect(text, where).not.toMatch(never);
    }
  });

  it('without a market price for a percentage rate, is "not computed" with the reason, never invented', () => {
    const texts = premiumOf({
      fineGrams: 3.15,
      method: 'not-computed',
      percentOfMarket: 10,
      reason: 'The rate is 10% of the market price, and no market price was recorded.',
      rateAsOf: '2013-08-01',
      rateSource: 'Fairtrade International',
      rateUncertain: 'set per kilogram by ARM (not confirmed here)',
    });
    for (const [where, text] of Object.entries(texts)) {
      expect(text, where).toMatch(/Not computed/);
      expect(text, where).toContain('no market price was recorded');
      expect(text, where).not.toMatch(/USD \d/);
      for (const never of NEVER) expect(text, where).not.toMatch(never);
    }
  });
});

describe('stones', () => {
  it('say natural or lab-grown (lab-grown always), the origin or that it is not known, the grading report, and a diamond’s System of Warranties statement', () => {
    const c = completed(certified(), {
      ...HALLMARKED,
      stones: [
        { type: 'diamond', origin: 'natural', caratWeight: 0.5, gradingReport: { laboratory: 'GIA', number: '2141438171' }, systemOfWarranties: 'The diamonds herein invoiced have been purchased from legitimate sources…' },
        { type: 'sapphire', origin: 'lab-grown', caratWeight: 0.1 },
        { type: 'other', typeName: 'Spinel', origin: 'natural', countryOfOrigin: 'Tanzania' },
      ],
    });
    for (const [where, text] of everywhere(c)) {
      expect(text, where).toContain('Natural diamond, 0.5 ct, country of origin not known, grading report GIA 2141438171');
      expect(text, where).toContain('The diamonds herein invoiced have been purchased from legitimate sources');
      expect(text, where).toContain('Lab-grown sapphire, 0.1 ct, where it was grown not recorded, no grading report');
      expect(text, where).toContain('Natural spinel, from Tanzania');
    }
  });
});

describe('records from before this change', () => {
  // As stored before traceability, standing, methods and structured hallmarks existed.
  const old = completed(
    {
      scheme: 'fairtrade',
      metal: 'gold',
      fineness: '18ct',
      weightGrams: 4.2,
      origin: { name: 'SOTRAMI', country: 'Peru', certifier: 'ARM' },
      supplier: 'Certified Refiner Ltd',
      lotReference: 'LOT-2024-0042',
      premium: { fineGrams: 3.15, amountUsd: 6.3, usdPerKgFine: 2000, rateAsOf: '2013-08-01', rateSource: 'Fairtrade' },
    },
    { hallmark: 'Birmingham Assay Office, 750, maker RL', schemeMark: true },
  );

  it('still render, with the hallmark as recorded and only the general claim (nothing shows a licence)', () => {
    for (const [where, text] of everywhere(old)) {
      expect(text, where).toContain('Birmingham Assay Office, 750, maker RL');
      expect(text, where).toContain('LOT-2024-0042');
      expect(text, where).not.toContain('SOTRAMI');
      expect(text, where).not.toMatch(/stamped with|FAIRTRADE Mark/);
      for (const never of NEVER) expect(text, where).not.toMatch(never);
    }
  });

  it('a certificate issued in the old shape still renders', () => {
    const certificate = Certificate.parse({
      certificateId: 'AAAAAAAAAAAAAAAAAAAAAA',
      commissionReference: '6F1C2F5E',
      issuedAt: '2024-06-01T10:00:00.000Z',
      pieceKind: 'engagement-ring',
      scheme: 'fairmined',
      metal: 'gold',
      fineness: '18ct',
      weightGrams: 4.2,
      origin: { name: 'AURELSA', country: 'Peru', certifier: 'ARM' },
      supplier: 'Certified Refiner Ltd',
      lotReference: 'LOT-2024-7',
      hallmark: 'London, 750, RL',
      schemeMark: true,
      premium: { fineGrams: 3.15, basis: 'set per kilogram by ARM', rateAsOf: '2018', rateSource: 'fairmined.org', rateUncertain: '(not confirmed here)' },
      timeline: [{ stage: 'ENQUIRY', event: 'Enquiry received', at: '2024-01-02T10:00:00.000Z' }],
    });
    const text = readable(certificatePage(certificate, 'https://studio.example/provenance/AAAAAAAAAAAAAAAAAAAAAA'));
    expect(text).toContain('London, 750, RL');
    expect(text).toContain('LOT-2024-7');
    expect(text).not.toMatch(/AURELSA|Fairmined mark/);
    for (const never of NEVER) expect(text).not.toMatch(never);
  });
});

describe('before the metal is bought', () => {
  it('the SOURCING email names no scheme, no mine and no premium: what may be said depends on the lot and the licence', () => {
    const email = customerStageEmail({ ...completed(certified()), stage: 'SOURCING', sourcing: undefined, making: undefined });
    expect(email.text).toContain('We are now buying the gold for your engagement ring, and checking the documents that come with it.');
    expect(email.text).not.toMatch(/Fairtrade|SOTRAMI|premium|mine/i);
    for (const never of NEVER) expect(email.text).not.toMatch(never);
  });

  it('for the customer’s own metal, says it is weighed and assayed', () => {
    const email = customerStageEmail({ ...completed(certified(), HALLMARKED, 'customer-own'), stage: 'SOURCING', sourcing: undefined, making: undefined });
    expect(email.text).toContain('We weigh the gold you give us and have it assayed');
  });
});

describe('the studio-wide copy', () => {
  const studioWide = {
    'enquiry page': readable(enquiryPage()),
    'email footer': FOOTER,
    'page masthead and colophon': `${BRAND_LINE} ${COLOPHON}`,
    'status page stages': Object.values(CUSTOMER_STAGES).map((s) => `${s.label}: ${s.description}`).join(' '),
  };

  it('says only what is true of every piece: no mine, no scheme, no metal promised of them all', () => {
    for (const [where, text] of Object.entries(studioWide)) {
      for (const never of NEVER) expect(text, where).not.toMatch(never);
      expect(text, where).not.toMatch(/traceable|certified (Fairtrade|Fairmined)|Fairtrade (&|and) Fairmined/i);
    }
    for (const [where, text] of Object.entries(studioWide).filter(([where]) => where !== 'enquiry page')) {
      expect(text, where).not.toMatch(/Fairtrade|Fairmined|\bgold\b|\bsilver\b|\bplatinum\b/i);
    }
  });

  it('the enquiry page names no metal: its script offers what GET /offer lists', () => {
    expect(studioWide['enquiry page']).not.toMatch(/\b(gold|silver|platinum)\b/i);
    expect(studioWide['enquiry page']).toContain('a remodel of an heirloom');
  });

  it('the status page says of sourcing only that the metal is bought and its documents checked', () => {
    expect(CUSTOMER_STAGES.SOURCING.description).toBe('The metal for your piece is bought and its documents checked.');
  });
});
