/**
 * One sample commission — Ana's 18ct Fairtrade gold engagement ring, sourced from SOTRAMI, Peru —
 * shared by the tests, the benchmark and the email previews, so all three exercise the same story.
 */
import { randomUUID } from 'node:crypto';
import { computePremium } from '#domain/premiums';
import type { Commission } from '#domain/schemas';

/** An enquiry as the contract shows it; a fresh address each time unless one is given. */
export function sampleEnquiry(email = `ana+${randomUUID().slice(0, 8)}@example.com`) {
  return {
    customer: { name: 'Ana Lima', email, phone: '+44 7700 900123' },
    piece: { kind: 'engagement-ring', description: 'Solitaire, low setting', ringSize: 'M', budget: { amount: 2500, currency: 'GBP' } },
    metal: { scheme: 'fairtrade', metal: 'gold', fineness: '18ct', colour: 'yellow' },
    consent: true,
  };
}

/** What a designer gives when approving each stage of the sample enquiry. */
export const SAMPLE_APPROVALS = {
  ENQUIRY: {},
  /** DESIGN is proposed by the studio (these details) and approved by the customer. */
  DESIGN: { summary: 'Solitaire in a low six-claw setting', price: { amount: 2400, currency: 'GBP' }, depositPercent: 50 },
  SOURCING: {
    scheme: 'fairtrade',
    metal: 'gold',
    fineness: '18ct',
    weightGrams: 4.2,
    origin: { id: 'sotrami-peru' },
    traceability: 'physical',
    certificateReference: 'FT-COC-0042',
    supplier: 'Certified Refiner Ltd',
    lotReference: 'LOT-0042',
  },
  MAKING: { hallmark: { sponsorMark: 'RL', assayOffice: 'birmingham', finenessMark: '750' } },
  DELIVERY: { method: 'courier', carrier: 'Royal Mail Special Delivery', trackingNumber: 'RM123456789GB' },
} as const;

/** The sample commission at any stage, every approval filled in (email previews). */
export function sampleCommission(stage: Commission['stage'], overrides: Partial<Commission> = {}): Commission {
  const at = '2026-11-01T10:00:00.000Z';
  const enquiry = sampleEnquiry('ana@example.com');
  return {
    id: '6f1c2f5e-8a8b-4a57-9a53-3f2a1f0e9b11',
    stage,
    revision: 1,
    version: 1,
    awaiting: null,
    customer: enquiry.customer,
    piece: enquiry.piece as Commission['piece'],
    metal: enquiry.metal as Commission['metal'],
    design: SAMPLE_APPROVALS.DESIGN,
    // As approval stores it: the origin as the registry has it, the premium computed from weight,
    // fineness and scheme, and the studio's standing that day (here a Fairtrade licensee).
    sourcing: {
      ...SAMPLE_APPROVALS.SOURCING,
      origin: { id: 'sotrami-peru', name: 'SOTRAMI', country: 'Peru', region: 'Santa Filomena, Ayacucho', certifier: 'FLOCERT' },
      premium: computePremium(SAMPLE_APPROVALS.SOURCING),
      standing: { kind: 'licensee', reference: 'FT-LIC-0001' },
      sourcedOn: '2026-11-01',
    },
    making: SAMPLE_APPROVALS.MAKING,
    delivery: SAMPLE_APPROVALS.DELIVERY,
    history: [],
    stageEnteredAt: at,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}
