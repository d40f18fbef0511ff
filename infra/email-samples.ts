/** A commission at any stage, with every approval filled in: for `npm run emails:preview`. */
import type { Commission } from '../functions/core/schemas.ts';

export function sampleCommission(stage: Commission['stage'], overrides: Partial<Commission> = {}): Commission {
  const at = '2026-11-01T10:00:00.000Z';
  return {
    id: '6f1c2f5e-8a8b-4a57-9a53-3f2a1f0e9b11',
    stage,
    revision: 1,
    version: 1,
    awaiting: null,
    customer: { name: 'Ana Lima', email: 'ana@example.com', phone: '+44 7700 900123' },
    piece: { kind: 'engagement-ring', description: 'Solitaire, low setting', ringSize: 'M', budget: { amount: 2500, currency: 'GBP' } },
    metal: { scheme: 'fairtrade', metal: 'gold', fineness: '18ct', colour: 'yellow' },
    design: { summary: 'Solitaire in a low six-claw setting', price: { amount: 2400, currency: 'GBP' } },
    sourcing: {
      scheme: 'fairtrade',
      metal: 'gold',
      fineness: '18ct',
      weightGrams: 4.2,
      origin: { name: 'SOTRAMI', country: 'Peru' },
      supplier: 'Certified Refiner Ltd',
      lotReference: 'LOT-2026-0042',
    },
    making: { hallmark: 'Birmingham Assay Office, 750, maker RL' },
    delivery: { method: 'courier', carrier: 'Royal Mail Special Delivery', trackingNumber: 'RM123456789GB' },
    history: [],
    stageEnteredAt: at,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}
