import { describe, expect, it } from 'vitest';
import { ApiError } from '#lib/errors';
import type { DecisionRequest } from '#domain/schemas';
import { nextStep, validateDecision } from '#domain/stages';
import { approvals } from '../support/fixtures.ts';

const enquiryMetal = { metal: { scheme: 'fairtrade', metal: 'gold', fineness: '18ct', colour: 'yellow' } } as const;

function refusal(request: DecisionRequest) {
  try {
    validateDecision(request, enquiryMetal);
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error('expected the decision to be refused');
}

describe('the lifecycle', () => {
  it('moves each approval to the next stage, revision 1', () => {
    expect(nextStep('ENQUIRY', 1, 'approve')).toEqual({ stage: 'DESIGN', revision: 1 });
    expect(nextStep('DESIGN', 3, 'approve')).toEqual({ stage: 'SOURCING', revision: 1 });
    expect(nextStep('SOURCING', 1, 'approve')).toEqual({ stage: 'MAKING', revision: 1 });
    expect(nextStep('MAKING', 1, 'approve')).toEqual({ stage: 'DELIVERY', revision: 1 });
    expect(nextStep('DELIVERY', 1, 'approve')).toEqual({ stage: 'COMPLETED', revision: 1 });
  });

  it('keeps the stage and counts a revision on request-changes', () => {
    expect(nextStep('DESIGN', 1, 'request-changes')).toEqual({ stage: 'DESIGN', revision: 2 });
    expect(nextStep('DESIGN', 2, 'request-changes')).toEqual({ stage: 'DESIGN', revision: 3 });
  });

  it('cancels from any open stage', () => {
    for (const stage of ['ENQUIRY', 'DESIGN', 'SOURCING', 'MAKING', 'DELIVERY'] as const) {
      expect(nextStep(stage, 2, 'cancel')).toEqual({ stage: 'CANCELLED', revision: 1 });
    }
  });
});

describe('decision details', () => {
  it('accepts each stage approval as the contract shows it; DESIGN is proposed by the studio', () => {
    for (const stage of ['ENQUIRY', 'SOURCING', 'MAKING', 'DELIVERY'] as const) {
      const valid = validateDecision({ stage, decision: 'approve', details: { ...approvals[stage] } }, enquiryMetal);
      expect(valid.decision).toBe('approve');
    }
    expect(validateDecision({ stage: 'DESIGN', decision: 'propose', details: { ...approvals.DESIGN } }, enquiryMetal).decision).toBe('propose');
  });

  it('leaves approving the design, or sending it back, to the customer; proposes only at DESIGN', () => {
    expect(refusal({ stage: 'DESIGN', decision: 'approve', details: { ...approvals.DESIGN } }).fields?.[0]?.path).toBe('decision');
    expect(refusal({ stage: 'DESIGN', decision: 'request-changes', note: 'Lower' }).fields?.[0]?.path).toBe('decision');
    expect(refusal({ stage: 'MAKING', decision: 'propose', details: { ...approvals.DESIGN } }).fields?.[0]?.path).toBe('decision');
    expect(nextStep('DESIGN', 2, 'propose')).toEqual({ stage: 'DESIGN', revision: 2 });
  });

  it('refuses sourced metal that differs from the enquiry, naming each field', () => {
    const error = refusal({ stage: 'SOURCING', decision: 'approve', details: { ...approvals.SOURCING, scheme: 'fairmined', metal: 'silver', fineness: '925' } });
    expect(error.statusCode).toBe(400);
    expect(error.fields?.map((f) => f.path)).toEqual(['details.scheme', 'details.metal', 'details.fineness']);
  });

  it('refuses zero weight and a courier delivery without tracking', () => {
    expect(refusal({ stage: 'SOURCING', decision: 'approve', details: { ...approvals.SOURCING, weightGrams: 0 } }).fields).toEqual([
      { path: 'details.weightGrams', message: 'Must be more than 0' },
    ]);
    expect(refusal({ stage: 'DELIVERY', decision: 'approve', details: { method: 'courier', carrier: 'DHL' } }).fields).toEqual([
      { path: 'details.trackingNumber', message: 'Required for courier delivery' },
    ]);
  });

  it('accepts collection without a carrier', () => {
    expect(validateDecision({ stage: 'DELIVERY', decision: 'approve', details: { method: 'collection' } }, enquiryMetal).details).toEqual({ method: 'collection' });
  });

  it('keeps details to approvals: changes and cancellations say why in the note', () => {
    expect(refusal({ stage: 'DESIGN', decision: 'cancel', details: { summary: 'x' } }).fields?.[0]?.path).toBe('details');
    expect(validateDecision({ stage: 'MAKING', decision: 'request-changes', note: 'Polish it again' }, enquiryMetal)).toEqual({
      stage: 'MAKING',
      decision: 'request-changes',
      note: 'Polish it again',
    });
  });

  it('refuses unknown detail fields', () => {
    expect(refusal({ stage: 'MAKING', decision: 'approve', details: { ...approvals.MAKING, taskToken: 'x' } }).fields).toEqual([
      { path: 'details.taskToken', message: 'Unknown field' },
    ]);
  });
});

describe('SOURCING and MAKING details name the path of every wrong field', () => {
  const paths = (request: DecisionRequest) => refusal(request).fields?.map((f) => f.path);
  const sourcing = (details: Record<string, unknown>) => paths({ stage: 'SOURCING', decision: 'approve', details });
  const making = (details: Record<string, unknown>) => paths({ stage: 'MAKING', decision: 'approve', details });

  it('needs the traceability and the lot certificate of certified metal', () => {
    const without: Record<string, unknown> = { ...approvals.SOURCING };
    delete without.traceability;
    delete without.certificateReference;
    expect(sourcing(without)).toEqual(['details.traceability', 'details.certificateReference']);
    expect(sourcing({ ...approvals.SOURCING, traceability: 'roughly' })).toEqual(['details.traceability']);
  });

  it('names the origin when it is neither an id nor a name and country', () => {
    expect(sourcing({ ...approvals.SOURCING, origin: { name: 'SOTRAMI' } })?.[0]).toMatch(/^details\.origin/);
    expect(sourcing({ ...approvals.SOURCING, origin: { id: 'Not An Id!' } })).toEqual(['details.origin.id']);
  });

  it('takes recycled metal with its refiner and customer-own metal with its assay — no origin, no traceability', () => {
    const recycled = { scheme: 'recycled', metal: 'gold', fineness: '18ct', weightGrams: 4, refiner: 'Refiner AG', certificateReference: 'RC-1', lotReference: 'L-1' };
    const own = { scheme: 'customer-own', metal: 'gold', fineness: '18ct', weightGrams: 6.1, assay: { reference: 'A-1', assayedBy: 'Birmingham Assay Office' } };
    expect(validateDecision({ stage: 'SOURCING', decision: 'approve', details: recycled }, { metal: { scheme: 'recycled', metal: 'gold' } }).details).toEqual(recycled);
    expect(validateDecision({ stage: 'SOURCING', decision: 'approve', details: own }, { metal: { scheme: 'customer-own', metal: 'gold' } }).details).toEqual(own);
    const refuse = (details: Record<string, unknown>, scheme: 'recycled' | 'customer-own') => {
      try {
        validateDecision({ stage: 'SOURCING', decision: 'approve', details }, { metal: { scheme, metal: 'gold' } });
      } catch (error) {
        return (error as ApiError).fields?.map((f) => f.path);
      }
      return [];
    };
    expect(refuse({ ...recycled, origin: { id: 'sotrami-peru' }, traceability: 'physical' }, 'recycled')).toEqual(['details.origin', 'details.traceability']);
    expect(refuse({ ...own, assay: { reference: 'A-1' } }, 'customer-own')).toEqual(['details.assay.assayedBy']);
  });

  it('names the hallmark field that is wrong, and refuses an unknown assay office without its name', () => {
    const hallmark = approvals.MAKING.hallmark;
    expect(making({ hallmark: { ...hallmark, finenessMark: '751' } })).toEqual(['details.hallmark.finenessMark']);
    expect(making({ hallmark: { ...hallmark, assayOffice: 'other' } })).toEqual(['details.hallmark.assayOfficeName']);
    expect(making({ hallmark: { exempt: 'under-weight' } })).toEqual(['details.hallmark.pieceWeightGrams']);
    expect(making({ hallmark: 'Birmingham, 750' })).toEqual(['details.hallmark']);
  });

  it('records stones: a natural diamond needs its System of Warranties statement, an "other" stone its name, at most 20', () => {
    const hallmark = approvals.MAKING.hallmark;
    expect(making({ hallmark, stones: [{ type: 'diamond', origin: 'natural', caratWeight: 0.3 }] })).toEqual(['details.stones.0.systemOfWarranties']);
    expect(making({ hallmark, stones: [{ type: 'other', origin: 'natural' }] })).toEqual(['details.stones.0.typeName']);
    expect(making({ hallmark, stones: Array.from({ length: 21 }, () => ({ type: 'ruby', origin: 'lab-grown' })) })).toEqual(['details.stones']);
    const stones = [
      { type: 'diamond', origin: 'lab-grown', caratWeight: 0.5, gradingReport: { laboratory: 'IGI', number: 'LG123' } },
      { type: 'sapphire', origin: 'natural', countryOfOrigin: 'Sri Lanka' },
    ];
    expect(validateDecision({ stage: 'MAKING', decision: 'approve', details: { hallmark, stones } }, enquiryMetal).details).toEqual({ hallmark, stones });
  });
});
