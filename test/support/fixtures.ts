/** Requests as a customer and a designer would send them. */
import { SAMPLE_APPROVALS } from '../../infra/samples.ts';
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
export const approvals = SAMPLE_APPROVALS;

export const LIFECYCLE = ['ENQUIRY', 'DESIGN', 'SOURCING', 'MAKING', 'DELIVERY'] as const;

/** A 1×1 PNG: real bytes, so the upload check (which reads a file's leading bytes) sees a PNG. */
export const ONE_PIXEL_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
