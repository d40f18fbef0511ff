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
  it('accepts each stage approval as the contract shows it', () => {
    for (const stage of ['ENQUIRY', 'DESIGN', 'SOURCING', 'MAKING', 'DELIVERY'] as const) {
      const valid = validateDecision({ stage, decision: 'approve', details: { ...approvals[stage] } }, enquiryMetal);
      expect(valid.decision).toBe('approve');
    }
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
    expect(validateDecision({ stage: 'DESIGN', decision: 'request-changes', note: 'Lower the setting' }, enquiryMetal)).toEqual({
      stage: 'DESIGN',
      decision: 'request-changes',
      note: 'Lower the setting',
    });
  });

  it('refuses unknown detail fields', () => {
    expect(refusal({ stage: 'MAKING', decision: 'approve', details: { hallmark: '750', taskToken: 'x' } }).fields).toEqual([
      { path: 'details.taskToken', message: 'Unknown field' },
    ]);
  });
});
