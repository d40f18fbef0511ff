/**
 * Provenance rules without I/O, on dated fixtures of their own (no wall clock): the premium,
 * the studio's standing, what approving SOURCING and MAKING records and refuses, the claim
 * wording for every standing × traceability, and the certificate snapshot.
 */
import { describe, expect, it } from 'vitest';
import { certificateOf } from '#domain/certificates';
import { formatUsd, provenanceClaim } from '#domain/claims';
import { REGISTERED_GOLDSMITH_CAP_GRAMS, standingFor, StudioLicences, yearlyFairtradeWeight } from '#domain/licences';
import { normalizeName } from '#domain/names';
import type { Origin } from '#domain/origins';
import { computePremium, premiumRates } from '#domain/premiums';
import { Commission, type CertifiedSourcingApproval, type SourcingApproval, type SourcingRecord } from '#domain/schemas';
import { makingRecord, sourcingRecord } from '#domain/sourcing';
import { ApiError } from '#lib/errors';
import { sampleCommission } from '../../infra/samples.ts';

const TODAY = '2024-03-15';

const certified = (over: Partial<CertifiedSourcingApproval> = {}) =>
  ({
    scheme: 'fairtrade',
    metal: 'gold',
    fineness: '18ct',
    weightGrams: 4.2,
    origin: { id: 'sotrami-peru' },
    traceability: 'physical',
    certificateReference: 'FT-COC-1',
    supplier: 'Certified Refiner Ltd',
    lotReference: 'LOT-1',
    ...over,
  }) as SourcingApproval;

describe('the premium paid upstream', () => {
  it('is 4.2 g of 18ct Fairtrade gold → 3.15 g fine → an estimate of USD 6.30', () => {
    expect(computePremium(certified())).toMatchObject({ fineGrams: 3.15, method: 'estimate', amountUsd: 6.3, usdPerKgFine: 2000 });
    expect(formatUsd(6.3)).toBe('USD 6.30');
  });

  it.each([
    // fineness, grams, fine grams, Fairtrade (2,000/kg), Fairmined (4,000/kg), Fairmined Ecological (6,000/kg)
    ['9ct', 10, 3.75, 7.5, 15, 22.5],
    ['14ct', 10, 5.85, 11.7, 23.4, 35.1],
    ['22ct', 10, 9.16, 18.32, 36.64, 54.96],
    ['9ct', 2.333, 0.875, 1.75, 3.5, 5.25], // 0.874875 g fine: cents rounded once, half up
    ['22ct', 5.55, 5.084, 10.17, 20.34, 30.5],
  ] as const)('for gold %s, %d g: %d g fine, USD %d / %d / %d', (fineness, weightGrams, fineGrams, fairtrade, fairmined, ecological) => {
    const premium = (scheme: 'fairtrade' | 'fairmined' | 'fairmined-ecological') =>
      computePremium(certified({ scheme, fineness, weightGrams }));
    expect(premium('fairtrade').fineGrams).toBe(fineGrams);
    expect(premium('fairtrade').amountUsd).toBe(fairtrade);
    expect(premium('fairmined').amountUsd).toBe(fairmined);
    expect(premium('fairmined-ecological').amountUsd).toBe(ecological);
  });

  it('takes the invoiced premium over any estimate', () => {
    const p = computePremium(certified({ invoicedPremium: { amount: 7.1, currency: 'USD' } }));
    expect(p).toEqual({ fineGrams: 3.15, method: 'invoiced', invoiced: { amount: 7.1, currency: 'USD' } });
  });

  it('computes a percentage rate only from a recorded market price: Fairtrade platinum is 10% of LPPM', () => {
    const lot = certified({ metal: 'platinum', fineness: '950', weightGrams: 10 });
    const without = computePremium(lot);
    expect(without).toMatchObject({ method: 'not-computed', percentOfMarket: 10, fineGrams: 9.5 });
    expect(without.amountUsd).toBeUndefined();
    expect(without.reason).toMatch(/10% of the LPPM platinum price.*not computed/);
    // 9.5 g fine = 0.305432 troy oz × USD 1,000 × 10% = USD 30.5432… → 30.54
    const withPrice = computePremium({ ...lot, marketPrice: { usdPerTroyOunce: 1000, on: '2024-03-14' } } as SourcingApproval);
    expect(withPrice).toMatchObject({ method: 'estimate', amountUsd: 30.54, percentOfMarket: 10, marketPrice: { usdPerTroyOunce: 1000 } });
    expect(premiumRates().find((r) => r.scheme === 'fairtrade' && r.metal === 'platinum')?.source).toMatch(/15% is the ecological rate/);
  });

  it('is not computed where no rate was found (Fairmined silver and platinum), with no basis that reads as a rate', () => {
    for (const scheme of ['fairmined', 'fairmined-ecological'] as const) {
      for (const [metal, fineness] of [['silver', '925'], ['platinum', '950']] as const) {
        const p = computePremium(certified({ scheme, metal, fineness, weightGrams: 10 }));
        expect(p.method).toBe('not-computed');
        expect(p.amountUsd).toBeUndefined();
        expect(p.basis).toBeUndefined();
        expect(p.reason).toMatch(/No .* premium rate for .* was found/);
      }
    }
  });

  it('is none for recycled and customer-own metal', () => {
    const recycled = computePremium({ scheme: 'recycled', metal: 'gold', fineness: '18ct', weightGrams: 4, refiner: 'R', certificateReference: 'C', lotReference: 'L' });
    const own = computePremium({ scheme: 'customer-own', metal: 'gold', fineness: '18ct', weightGrams: 4, assay: { reference: 'A', assayedBy: 'B' } });
    expect(recycled.method).toBe('none');
    expect(own.method).toBe('none');
    expect(recycled.amountUsd ?? own.amountUsd).toBeUndefined();
  });

  it('cites a source and a date for every rate', () => {
    for (const rate of premiumRates()) expect(rate.source.length, `${rate.scheme} ${rate.metal}`).toBeGreaterThan(10);
  });
});

describe("the studio's standing", () => {
  const licences: StudioLicences = {
    fairtrade: { kind: 'registered-goldsmith', reference: 'GRS-1', validUntil: '2024-12-31' },
    fairmined: { kind: 'licensee', reference: 'FM-1', validUntil: '2024-03-15' },
  };

  it('is the licence for the scheme valid that day (Fairmined Ecological uses the Fairmined licence)', () => {
    expect(standingFor(licences, 'fairtrade', TODAY)).toEqual({ kind: 'registered-goldsmith', reference: 'GRS-1' });
    expect(standingFor(licences, 'fairmined-ecological', TODAY)).toEqual({ kind: 'licensee', reference: 'FM-1' });
    expect(standingFor(licences, 'fairmined', '2024-03-16')).toEqual({ kind: 'none' });
    expect(standingFor({}, 'fairtrade', TODAY)).toEqual({ kind: 'none' });
    expect(standingFor(licences, 'recycled', TODAY)).toEqual({ kind: 'none' });
  });

  it('refuses a Fairmined registered goldsmith and names the field', () => {
    const parsed = StudioLicences.safeParse({ fairmined: { kind: 'registered-goldsmith', reference: 'x', validUntil: '2024-01-01' } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['fairmined', 'kind']);
  });

  it("totals the year's Fairtrade weight per metal against the cap, to the milligram", () => {
    const year = yearlyFairtradeWeight(
      [
        { metal: 'gold', weightGrams: 4.2 },
        { metal: 'gold', weightGrams: 0.1 },
        { metal: 'silver', weightGrams: 2001 },
      ],
      2024,
    );
    expect(year.metals).toEqual([
      { metal: 'gold', grams: 4.3, capGrams: 500, remainingGrams: 495.7 },
      { metal: 'silver', grams: 2001, capGrams: 2000, remainingGrams: 0 },
      { metal: 'platinum', grams: 0, capGrams: REGISTERED_GOLDSMITH_CAP_GRAMS.platinum, remainingGrams: 500 },
    ]);
  });
});

const sotrami = (verification: Origin['certifications'][number]['verification']): Origin => ({
  id: 'sotrami-peru',
  name: 'SOTRAMI',
  country: 'Peru',
  region: 'Santa Filomena, Ayacucho',
  source: 'test',
  certifications: [{ scheme: 'fairtrade', metals: ['gold', 'silver'], certifier: 'FLOCERT', firstCertified: '2011-05', source: 'test', verification }],
  addedBy: 'seed',
  addedAt: '2024-01-01T00:00:00.000Z',
  version: 1,
});
const VERIFIED = { certificateReference: 'FLO-1', checkedOn: '2024-01-10', checkedBy: 'ana@studio.example', validUntil: '2024-12-31' };
const registry = (origin: Origin) => ({ list: async () => [origin] });
const LICENSEE: StudioLicences = { fairtrade: { kind: 'licensee', reference: 'FT-LIC-1', validUntil: '2024-12-31' } };

describe('approving SOURCING', () => {
  it('records the origin as the registry has it that day, the traceability, the premium and the standing', async () => {
    const record = await sourcingRecord(registry(sotrami(VERIFIED)), LICENSEE, certified(), TODAY);
    expect(record).toMatchObject({
      origin: {
        id: 'sotrami-peru',
        name: 'SOTRAMI',
        country: 'Peru',
        region: 'Santa Filomena, Ayacucho',
        certifier: 'FLOCERT',
        certification: { firstCertified: '2011-05', verification: VERIFIED },
      },
      traceability: 'physical',
      certificateReference: 'FT-COC-1',
      premium: { method: 'estimate', amountUsd: 6.3 },
      standing: { kind: 'licensee', reference: 'FT-LIC-1' },
      sourcedOn: TODAY,
    });
  });

  it('refuses an origin not verified that day with origin_not_verified naming details.origin', async () => {
    for (const origin of [sotrami(null), sotrami({ ...VERIFIED, validUntil: '2024-03-14' })]) {
      const error = await sourcingRecord(registry(origin), LICENSEE, certified(), TODAY).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ statusCode: 400, code: 'origin_not_verified', fields: [{ path: 'details.origin' }] });
    }
  });

  it('refuses a certification the certifier ended, whatever was verified (certification_lapsed)', async () => {
    const ended = sotrami(VERIFIED);
    ended.certifications[0]!.ended = { on: '2020-03-31', source: 'test' };
    await expect(sourcingRecord(registry(ended), LICENSEE, certified(), TODAY)).rejects.toMatchObject({ code: 'certification_lapsed' });
  });

  it('takes recycled and customer-own metal with no origin, no traceability and no premium', async () => {
    const none = { list: async () => { throw new Error('no registry lookup for uncertified metal'); } };
    const own = await sourcingRecord(none, LICENSEE, { scheme: 'customer-own', metal: 'gold', fineness: '9ct', weightGrams: 6.1, assay: { reference: 'A-1', assayedBy: 'Birmingham Assay Office' } }, TODAY);
    expect(own).toMatchObject({ scheme: 'customer-own', premium: { method: 'none' }, sourcedOn: TODAY });
    expect(own).not.toHaveProperty('origin');
    expect(own).not.toHaveProperty('traceability');
  });
});

describe('approving MAKING', () => {
  const sourced = { ...certified(), origin: { name: 'SOTRAMI', country: 'Peru' }, premium: { fineGrams: 3.15 }, standing: { kind: 'licensee' } } as SourcingRecord;
  const hallmark = { sponsorMark: 'RL', assayOffice: 'birmingham', finenessMark: '750' } as const;
  const refusal = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return (error as ApiError).fields?.map((f) => f.path);
    }
    throw new Error('expected a refusal');
  };

  it('needs the fineness mark of the sourced fineness', () => {
    expect(makingRecord({ hallmark }, sourced, LICENSEE, TODAY)).toMatchObject({ hallmark, standing: { kind: 'licensee' } });
    expect(refusal(() => makingRecord({ hallmark: { ...hallmark, finenessMark: '585' } }, sourced, LICENSEE, TODAY))).toEqual(['details.hallmark.finenessMark']);
  });

  it('accepts the exemption only under the weight threshold', () => {
    expect(makingRecord({ hallmark: { exempt: 'under-weight', pieceWeightGrams: 0.9 } }, sourced, {}, TODAY).hallmark).toEqual({ exempt: 'under-weight', pieceWeightGrams: 0.9 });
    expect(refusal(() => makingRecord({ hallmark: { exempt: 'under-weight', pieceWeightGrams: 1 } }, sourced, {}, TODAY))).toEqual(['details.hallmark.pieceWeightGrams']);
  });

  it('accepts schemeMark only from a licensee valid that day, on physically traceable metal', () => {
    expect(makingRecord({ hallmark, schemeMark: true }, sourced, LICENSEE, TODAY).schemeMark).toBe(true);
    const grs: StudioLicences = { fairtrade: { kind: 'registered-goldsmith', reference: 'G', validUntil: '2024-12-31' } };
    for (const [licences, sourcing, today] of [
      [{}, sourced, TODAY],
      [grs, sourced, TODAY],
      [LICENSEE, sourced, '2025-01-01'],
      [LICENSEE, { ...sourced, traceability: 'mass-balance' }, TODAY],
      [LICENSEE, { scheme: 'recycled', metal: 'gold', fineness: '18ct', weightGrams: 4, refiner: 'R', certificateReference: 'C', lotReference: 'L', premium: { fineGrams: 3 } }, TODAY],
    ] as [StudioLicences, SourcingRecord, string][]) {
      expect(refusal(() => makingRecord({ hallmark, schemeMark: true }, sourcing, licences, today))).toEqual(['details.schemeMark']);
    }
  });
});

describe('the claim wording', () => {
  const base = { ...certified(), origin: { name: 'SOTRAMI', country: 'Peru', region: 'Santa Filomena, Ayacucho' }, premium: computePremium(certified()) } as SourcingRecord;
  const at = (standing: 'licensee' | 'registered-goldsmith' | 'none', traceability: 'physical' | 'mass-balance') =>
    ({ ...base, standing: { kind: standing }, traceability }) as SourcingRecord;

  it('licensee + physical: the mark (if struck) and the mine', () => {
    const claim = provenanceClaim(at('licensee', 'physical'), { schemeMark: true });
    expect(claim.headline).toBe('Fairtrade gold, stamped with the FAIRTRADE Mark');
    expect(claim.mark).toBe('the FAIRTRADE Mark');
    expect(claim.mine).toBe('SOTRAMI, Santa Filomena, Ayacucho, Peru');
    expect(claim.statement).toContain('mined by SOTRAMI, Santa Filomena, Ayacucho, Peru');
    const unmarked = provenanceClaim(at('licensee', 'physical'));
    expect(unmarked.mark).toBeUndefined();
    expect(unmarked.headline).toBe('Made with Fairtrade gold');
    expect(unmarked.statement).not.toMatch(/carries|stamped/);
  });

  it('registered goldsmith: no mark even if asked, the off-pack wording, the mine only when physical', () => {
    const claim = provenanceClaim(at('registered-goldsmith', 'physical'), { schemeMark: true });
    expect(claim.mark).toBeUndefined();
    expect(claim.headline).toBe('Made with gold bought from a Fairtrade licensee');
    expect(claim.statement).toMatch(/registered under the Fairtrade Goldsmiths Registration Scheme/);
    expect(claim.mine).toBeDefined();
    expect(provenanceClaim(at('registered-goldsmith', 'mass-balance')).mine).toBeUndefined();
  });

  it('mass balance: no mine, and says it cannot be traced to one mine', () => {
    const claim = provenanceClaim(at('licensee', 'mass-balance'), { schemeMark: true });
    expect(claim.mine).toBeUndefined();
    expect(claim.mark).toBeUndefined();
    expect(claim.statement).toMatch(/supports Fairtrade certified miners.*cannot be traced to one mine/);
    expect(claim.statement).not.toContain('SOTRAMI');
  });

  it('no licence, or an old record: general statements only — no scheme, no mark, no licensee claim, no mine, no premium', () => {
    const old = { scheme: 'fairtrade', metal: 'gold', fineness: '18ct', weightGrams: 4.2, origin: { name: 'SOTRAMI', country: 'Peru' }, supplier: 'S', lotReference: 'L', premium: { fineGrams: 3.15, amountUsd: 6.3, usdPerKgFine: 2000, rateAsOf: '2013-08-01', rateSource: 's' } } as SourcingRecord;
    for (const sourcing of [at('none', 'physical'), old]) {
      const claim = provenanceClaim(sourcing, { schemeMark: true });
      expect(claim).toEqual({ headline: expect.any(String), statement: expect.any(String) });
      expect(`${claim.headline} ${claim.statement}`).not.toMatch(/Fairtrade|Fairmined|licensee|SOTRAMI|Mark|mark/);
    }
  });

  it('names the ecological tier for Fairmined Ecological metal', () => {
    const eco = { ...at('licensee', 'physical'), scheme: 'fairmined-ecological' } as SourcingRecord;
    expect(provenanceClaim(eco).statement).toMatch(/without mercury or cyanide/);
  });

  it('labels the premium as an estimate paid upstream or as invoiced, never as paid by the customer', () => {
    const estimate = provenanceClaim(at('licensee', 'physical')).premium!;
    expect(estimate).toMatchObject({ label: "Estimated share of the Fairtrade Premium paid upstream to the miners' organisation", amount: 'USD 6.30' });
    const invoiced = provenanceClaim({ ...at('licensee', 'physical'), premium: computePremium(certified({ invoicedPremium: { amount: 7, currency: 'USD' } })) }).premium!;
    expect(invoiced).toMatchObject({ label: 'Premium invoiced by the supplier', amount: 'USD 7.00' });
    const notComputed = provenanceClaim({ ...at('licensee', 'physical'), metal: 'platinum', fineness: '950', premium: computePremium(certified({ metal: 'platinum', fineness: '950' })) }).premium!;
    expect(notComputed.amount).toBe('Not computed');
    expect(notComputed.note).toMatch(/no price was recorded/);
    for (const p of [estimate, invoiced, notComputed]) expect(JSON.stringify(p)).not.toMatch(/paid by (you|the customer)|set per kilogram/i);
  });

  it('recycled and customer-own: exactly that, no mine, no premium', () => {
    const recycled = provenanceClaim({ scheme: 'recycled', metal: 'silver', fineness: '925', weightGrams: 12, refiner: 'Refiner AG', certificateReference: 'RC-1', lotReference: 'L', premium: { fineGrams: 11.1, method: 'none' } });
    expect(recycled.headline).toBe('Made with recycled silver');
    expect(recycled.statement).toMatch(/Refiner AG.*recycled content/);
    const own = provenanceClaim({ scheme: 'customer-own', metal: 'gold', fineness: '9ct', weightGrams: 6.1, assay: { reference: 'A-1', assayedBy: 'Birmingham Assay Office' }, premium: { fineGrams: 2.288, method: 'none' } });
    expect(own.headline).toBe('Made from your own gold');
    expect(own.statement).toMatch(/weighed on receipt \(6.1 g\) and assayed by Birmingham Assay Office/);
    for (const claim of [recycled, own]) {
      expect(claim.mine).toBeUndefined();
      expect(claim.premium).toBeUndefined();
      expect(claim.mark).toBeUndefined();
    }
  });
});

describe('the certificate snapshot', () => {
  it('keeps the structured hallmark, the stones, the standing and the mine where it may be named — and no one who checked it', () => {
    const c = sampleCommission('COMPLETED', {
      making: { hallmark: { sponsorMark: 'RL', assayOffice: 'birmingham', finenessMark: '750' }, stones: [{ type: 'diamond', origin: 'lab-grown', caratWeight: 0.5 }] },
    });
    const cert = certificateOf(c, 'a'.repeat(22), '2026-11-02T00:00:00.000Z')!;
    expect(cert).toMatchObject({ scheme: 'fairtrade', traceability: 'physical', standing: { kind: 'licensee' }, origin: { name: 'SOTRAMI' }, hallmark: { finenessMark: '750' } });
    expect(cert.stones).toHaveLength(1);
    expect(JSON.stringify(cert)).not.toContain('checkedBy');
  });

  it('of customer-own metal names no mine and no premium', () => {
    const c = sampleCommission('COMPLETED', {
      metal: { scheme: 'customer-own', metal: 'gold', fineness: '9ct' },
      sourcing: { scheme: 'customer-own', metal: 'gold', fineness: '9ct', weightGrams: 6.1, assay: { reference: 'A-1', assayedBy: 'Assayer' }, premium: { fineGrams: 2.288, method: 'none' } },
    });
    const cert = certificateOf(c, 'b'.repeat(22), '2026-11-02T00:00:00.000Z')!;
    expect(cert.scheme).toBe('customer-own');
    expect(cert.origin).toBeUndefined();
    expect(cert.premium).toBeUndefined();
    expect(provenanceClaim(cert).mine).toBeUndefined();
  });

  it('still comes from a record stored before this change (hallmark as text, no standing): general wording', () => {
    const old = Commission.parse({
      ...sampleCommission('COMPLETED'),
      sourcing: { scheme: 'fairtrade', metal: 'gold', fineness: '18ct', weightGrams: 4.2, origin: { name: 'SOTRAMI', country: 'Peru', certifier: 'FLOCERT' }, supplier: 'S', lotReference: 'L', premium: { fineGrams: 3.15, amountUsd: 6.3, usdPerKgFine: 2000, rateAsOf: '2013-08-01', rateSource: 's' } },
      making: { hallmark: 'Birmingham Assay Office, 750, maker RL', schemeMark: true },
    });
    const cert = certificateOf(old, 'c'.repeat(22), '2026-11-02T00:00:00.000Z')!;
    expect(cert.hallmark).toBe('Birmingham Assay Office, 750, maker RL');
    expect(cert.origin).toBeUndefined();
    expect(provenanceClaim(cert, { schemeMark: cert.schemeMark }).mark).toBeUndefined();
  });
});

describe('matching origins', () => {
  it('matches names and countries regardless of case, accents and spacing', () => {
    expect(normalizeName('  Íquira ')).toBe(normalizeName('iquira'));
    expect(normalizeName('15  de   AGOSTO')).toBe('15 de agosto');
    expect(normalizeName('Perú')).toBe(normalizeName('PERU'));
  });
});
