/**
 * What the customer's status page shows of a commission: an allow-list, like views.ts for the
 * API. The stages with the day each began, and the facts the customer's emails already told them.
 * No notes, no designers' names, no prices, no contact details, no task token.
 */
import { provenanceClaim } from '#domain/claims';
import { CUSTOMER_STAGES, hallmarkPhrase, sourcedMetal } from '#domain/labels';
import { NEXT_STAGE } from '#domain/stages';
import type { Commission, OpenStage, Stage } from '#domain/schemas';

/** The stages a commission goes through, as the customer sees them (CANCELLED only if it happens). */
const CUSTOMER_STEPS: { stage: Stage; label: string; description: string }[] = (
  ['ENQUIRY', 'DESIGN', 'SOURCING', 'MAKING', 'DELIVERY', 'COMPLETED'] as const
).map((stage) => ({ stage, ...CUSTOMER_STAGES[stage] }));

export function customerStatusView(c: Commission) {
  // When each stage began: the enquiry at creation, every other stage when the one before was approved.
  const began = new Map<Stage, string>([['ENQUIRY', c.createdAt]]);
  for (const entry of c.history) {
    if (entry.event === 'approved' && entry.stage in NEXT_STAGE) began.set(NEXT_STAGE[entry.stage as OpenStage], entry.at);
    if (entry.event === 'cancelled') began.set('CANCELLED', entry.at);
  }
  const order = CUSTOMER_STEPS.map((s) => s.stage);
  const cancelled = c.stage === 'CANCELLED';
  const reached = cancelled ? Math.max(...[...began.keys()].map((s) => order.indexOf(s))) : order.indexOf(c.stage);
  const steps = CUSTOMER_STEPS.map((step, index) => ({
    ...step,
    at: began.get(step.stage),
    state: index < reached || c.stage === 'COMPLETED' ? 'done' : index === reached && !cancelled ? 'current' : cancelled && index === reached ? 'done' : 'upcoming',
  }));
  if (cancelled) {
    steps.splice(reached + 1, steps.length, {
      stage: 'CANCELLED',
      ...CUSTOMER_STAGES.CANCELLED,
      at: began.get('CANCELLED'),
      state: 'current',
    });
  }

  const facts: [string, string][] = [];
  if (c.design) facts.push(['Design', c.design.summary]);
  if (c.sourcing) {
    const s = c.sourcing;
    facts.push(['Metal', sourcedMetal(s)]);
    const mine = provenanceClaim(s).mine;
    if (mine) facts.push(['Mined by', mine]);
    if ('lotReference' in s) facts.push(['Lot', s.lotReference]);
  }
  if (c.making) facts.push(['Hallmark', hallmarkPhrase(c.making.hallmark)]);
  if (c.delivery && c.stage === 'COMPLETED') {
    facts.push(
      c.delivery.method === 'courier'
        ? ['Delivery', `${c.delivery.carrier ?? 'Courier'}, tracking ${c.delivery.trackingNumber ?? ''}`]
        : ['Delivery', 'Ready for collection at the studio'],
    );
  }
  return { firstName: c.customer.name.split(/\s+/)[0] ?? c.customer.name, steps, facts };
}
