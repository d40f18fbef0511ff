/**
 * Provenance rules without I/O: the premium to the miners for every fineness, the registry's
 * checks on a sourcing, name matching, the seed file, and the claim wording.
 */
import { describe, expect, it } from 'vitest';
import { formatUsd, provenanceClaim } from '#domain/claims';
import { normalizeName } from '#domain/names';
import { computePremium, PREMIUM_RATES } from '#domain/premiums';

describe('the premium to the miners', () => {
  it('is 4.2 g of 18ct Fairtrade gold → 3.15 g fine → USD 6.30', () => {
    expect(computePremium({ scheme: 'fairtrade', metal: 'gold', fineness: '18ct', weightGrams: 4.2 })).toMatchObject({
      fineGrams: 3.15,
      amountUsd: 6.3,
      usdPerKgFine: 2000,
    });
    expect(formatUsd(6.3)).toBe('USD 6.30');
  });

  it.each([
    // fineness, grams, fine grams, Fairtrade (2,000/kg), Fairmined (4,000/kg), Fairmined Ecological (6,000/kg)
    ['9ct', 10, 3.75, 7.5, 15, 22.5],
    ['14ct', 10, 5.85, 11.7, 23.4, 35.1],
    ['18ct', 10, 7.5, 15, 30, 45],
    ['22ct', 10, 9.16, 18.32, 36.64, 54.96],
    ['9ct', 2.333, 0.875, 1.75, 3.5, 5.25], // 0.874875 g fine: cents rounded once, half up
    ['22ct', 5.55, 5.084, 10.17, 20.34, 30.5], // 5.0838 g fine → 10.1676, 20.3352, 30.5028
  ] as const)('for gold %s, %d g: %d g fine, USD %d / %d / %d', (fineness, weightGrams, fineGrams, fairtrade, fairmined, ecological) => {
    const premium = (scheme: 'fairtrade' | 'fairmined' | 'fairmined-ecological') =>
      computePremium({ scheme, metal: 'gold', fineness, weightGrams });
    expect(premium('fairtrade').fineGrams).toBe(fineGrams);
    expect(premium('fairtrade').amountUsd).toBe(fairtrade);
    expect(premium('fairmined').amountUsd).toBe(fairmined);
    expect(premium('fairmined-ecological').amountUsd).toBe(ecological);
  });

  it.each([
    ['platinum', '950', 10, 9.5],
    ['silver', '925', 10, 9.25],
  ] as const)('for %s %s records the fine content and the basis, not a made-up amount', (metal, fineness, weightGrams, fineGrams) => {
    for (const scheme of ['fairtrade', 'fairmined', 'fairmined-ecological'] as const) {
      const premium = computePremium({ scheme, metal, fineness, weightGrams });
      expect(premium.fineGrams).toBe(fineGrams);
      expect(premium.amountUsd).toBeUndefined();
      expect(premium.basis).toMatch(/\S/);
      expect(premium.rateUncertain).toMatch(/\S/);
    }
  });

  it('has a rate, with its source and date, for every scheme and metal', () => {
    for (const scheme of ['fairtrade', 'fairmined', 'fairmined-ecological']) {
      for (const metal of ['gold', 'silver', 'platinum']) {
        const rate = PREMIUM_RATES.find((r) => r.scheme === scheme && r.metal === metal);
        expect(rate, `${scheme} ${metal}`).toBeDefined();
        expect(rate!.source.length).toBeGreaterThan(10);
        expect(rate!.usdPerKgFine !== undefined || rate!.basis !== undefined).toBe(true);
      }
    }
  });
});

// The registry's rules (status, the sourcing check, the seed file) are tested in ./origins.test.ts.
describe('matching origins', () => {
  it('matches names and countries regardless of case, accents and spacing', () => {
    expect(normalizeName('  Íquira ')).toBe(normalizeName('iquira'));
    expect(normalizeName('15  de   AGOSTO')).toBe('15 de agosto');
    expect(normalizeName('Perú')).toBe(normalizeName('PERU'));
  });
});

describe('the claim wording', () => {
  it('claims the mark only when it was struck', () => {
    const marked = provenanceClaim({ scheme: 'fairtrade', metal: 'gold', schemeMark: true });
    expect(marked.headline).toBe('Fairtrade gold, stamped with the FAIRTRADE Mark');
    const unmarked = provenanceClaim({ scheme: 'fairtrade', metal: 'gold', origin: { name: 'SOTRAMI', country: 'Peru' } });
    expect(unmarked.headline).toBe('Made with Fairtrade gold');
    expect(unmarked.statement).toMatch(/sourced under the Fairtrade scheme from SOTRAMI, Peru; it does not carry the scheme's mark/);
    expect(unmarked.statement).not.toMatch(/carries|stamped/);
  });

  it('names the ecological tier for Fairmined Ecological metal', () => {
    expect(provenanceClaim({ scheme: 'fairmined-ecological', metal: 'gold' }).statement).toMatch(/without mercury or cyanide/);
  });
});
