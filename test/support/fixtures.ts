/** Requests as a customer and a designer would send them. */
import { uniqueEmail } from './local-env.ts';

export function enquiry(overrides: { email?: string; name?: string; scheme?: string; metal?: string; fineness?: string } = {}) {
  return {
    customer: { name: overrides.name ?? 'Ana Lima', email: overrides.email ?? uniqueEmail('ana'), phone: '+44 7700 900123' },
    piece: {
      kind: 'engagement-ring',
      description: 'Solitaire, low setting',
      ringSize: 'M',
      budget: { amount: 2500, currency: 'GBP' },
    },
    metal: {
      scheme: overrides.scheme ?? 'fairtrade',
      metal: overrides.metal ?? 'gold',
      fineness: overrides.fineness ?? '18ct',
      colour: 'yellow',
    },
    consent: true,
  };
}

/** The details a designer gives when approving each stage of the fixture enquiry. */
export const approvals = {
  ENQUIRY: {},
  DESIGN: { summary: 'Solitaire in a low six-claw setting', price: { amount: 2400, currency: 'GBP' } },
  SOURCING: {
    scheme: 'fairtrade',
    metal: 'gold',
    fineness: '18ct',
    weightGrams: 4.2,
    origin: { name: 'SOTRAMI', country: 'Peru' },
    supplier: 'Certified Refiner Ltd',
    lotReference: 'LOT-2026-0042',
  },
  MAKING: { hallmark: 'Birmingham Assay Office, 750, maker RL' },
  DELIVERY: { method: 'courier', carrier: 'Royal Mail Special Delivery', trackingNumber: 'RM123456789GB' },
} as const;

export const LIFECYCLE = ['ENQUIRY', 'DESIGN', 'SOURCING', 'MAKING', 'DELIVERY'] as const;
