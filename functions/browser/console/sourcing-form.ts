/**
 * The SOURCING form's fields: the metal, then what the scheme asks for — a certified scheme the
 * origin (picked from the registry, only those certified for the scheme and metal, each with its
 * status), the traceability, the lot's certificate and the optional premium figures; recycled
 * metal its refiner and certificate; the customer's own metal its assay.
 */
import { SCHEME_NAMES } from '#domain/labels';
import { FINENESS_BY_METAL, isCertifiedScheme, type Metal, type Scheme } from '#domain/schemas';
import type { Commission, OriginView } from './api.ts';
import { h } from './dom.ts';
import type { Field, StageParts, Values } from './fields.ts';

const certified = (v: Values) => isCertifiedScheme(v('details.scheme') as Scheme);
const recycled = (v: Values) => v('details.scheme') === 'recycled';
const customerOwn = (v: Values) => v('details.scheme') === 'customer-own';

type Certification = OriginView['certifications'][number];

/**
 * The origins that may be offered for a scheme and metal: not retired, holding a certification for
 * both that the certifier has not ended. Each with that certification (a verified one first).
 */
function originsFor(origins: readonly OriginView[], scheme: string, metal: string) {
  return origins.flatMap((origin) => {
    if (origin.retired) return [];
    const held = origin.certifications
      .filter((c) => c.scheme === scheme && (c.metals as string[]).includes(metal) && c.status !== 'lapsed' && c.status !== 'retired')
      .toSorted((a, b) => Number(b.status === 'verified') - Number(a.status === 'verified'));
    return held[0] ? [{ origin, certification: held[0] }] : [];
  }).toSorted((a, b) => a.origin.name.localeCompare(b.origin.name));
}

const optionLabel = (origin: OriginView, c: Certification) =>
  `${origin.name}, ${origin.country} — ${c.status === 'verified' ? `verified until ${c.verification!.validUntil}` : `⚠ unverified${c.statusReason ? `: ${c.statusReason}` : ''}`}`;

export function sourcingParts(c: Commission, origins: readonly OriginView[]): StageParts {
  const fields: Field[] = [
    { path: 'details.scheme', label: 'Scheme', type: 'select', options: Object.entries(SCHEME_NAMES), value: c.metal.scheme },
    { path: 'details.metal', label: 'Metal', type: 'select', options: [['gold', 'Gold'], ['silver', 'Silver'], ['platinum', 'Platinum']], value: c.metal.metal },
    { path: 'details.fineness', label: 'Fineness', type: 'select', options: FINENESS_BY_METAL[c.metal.metal].map((f) => [f, f]), value: c.metal.fineness ?? '' },
    { path: 'details.weightGrams', label: 'Weight (grams)', type: 'number' },
    {
      path: 'details.origin.id', label: 'Origin', type: 'select', when: certified,
      hint: 'From the registry: only origins certified for this scheme and metal. Sourcing needs a verified certification.',
    },
    {
      path: 'details.traceability', label: 'Traceability', type: 'radio', when: certified, value: 'physical',
      options: [['physical', 'Physical: this lot is kept apart from mine to refiner, so it can be traced to the origin'], ['mass-balance', 'Mass balance: certified volume bought, but this metal cannot be traced to one mine']],
    },
    { path: 'details.refiner', label: 'Refiner', when: recycled, hint: 'The refiner whose recycled-content claim covers this metal.' },
    {
      path: 'details.certificateReference', label: 'Certificate reference', when: (v) => certified(v) || recycled(v),
      hint: 'The lot’s certificate (certified metal) or the refiner’s recycled-content certificate.',
    },
    { path: 'details.supplier', label: 'Supplier', when: (v) => certified(v) || recycled(v), optional: recycled },
    { path: 'details.lotReference', label: 'Lot reference', when: (v) => certified(v) || recycled(v) },
    { path: 'details.assay.reference', label: 'Assay reference', when: customerOwn, hint: 'The customer’s metal, weighed (above) and assayed: the assay report’s reference.' },
    { path: 'details.assay.assayedBy', label: 'Assayed by', when: customerOwn },
    { path: 'details.invoicedPremium.amount', label: 'Premium on the supplier’s invoice', type: 'number', optional: true, when: certified, hint: 'When the invoice states the premium paid upstream: recorded instead of an estimate.' },
    { path: 'details.invoicedPremium.currency', label: 'Its currency', type: 'select', optional: true, when: certified, options: [['', '—'], ['GBP', 'GBP'], ['EUR', 'EUR'], ['USD', 'USD']] },
    { path: 'details.marketPrice.usdPerTroyOunce', label: 'Market price (USD per troy ounce)', type: 'number', optional: true, when: certified, hint: 'Needed where the premium is a share of the market price (Fairtrade silver and platinum).' },
    { path: 'details.marketPrice.on', label: 'Price on', type: 'date', optional: true, when: certified },
  ];
  return { fields, setup: (form) => keepOriginsInStep(form, origins) };
}

/** The origin and fineness choices follow the scheme and metal chosen; the chosen origin's status is spelled out under it. */
function keepOriginsInStep(form: HTMLFormElement, origins: readonly OriginView[]) {
  const select = (name: string) => form.elements.namedItem(name) as HTMLSelectElement;
  const originSelect = select('details.origin.id');
  const status = h('p', { class: 'origin-status', id: 'origin-status', 'aria-live': 'polite' });
  originSelect.after(status);
  originSelect.setAttribute('aria-describedby', `${originSelect.getAttribute('aria-describedby')} origin-status`);
  let offered: ReturnType<typeof originsFor> = [];

  const showStatus = () => {
    const chosen = offered.find((o) => o.origin.id === originSelect.value);
    status.replaceChildren();
    status.className = 'origin-status';
    if (!chosen) return;
    const { origin, certification: c } = chosen;
    if (c.status === 'verified') {
      const v = c.verification!;
      status.classList.add('status-verified');
      status.append(`Verified: certificate ${v.certificateReference}, checked on ${v.checkedOn} by ${v.checkedBy}, valid until ${v.validUntil}. Certified by ${c.certifier}.`);
    } else {
      status.classList.add('status-unverified');
      status.append(`${origin.name} is not verified${c.statusReason ? ` (${c.statusReason})` : ''}: sourcing against it is refused until a designer records a check of its certificate in `,
        h('a', { href: '#/origins' }, 'the registry'), '.');
    }
  };
  const refreshOrigins = () => {
    const scheme = select('details.scheme').value;
    const metal = select('details.metal').value;
    offered = isCertifiedScheme(scheme as Scheme) ? originsFor(origins, scheme, metal) : [];
    const before = originSelect.value;
    originSelect.replaceChildren(
      h('option', { value: '' }, offered.length ? 'Choose an origin' : `No origin in the registry is certified for ${SCHEME_NAMES[scheme as Scheme]} ${metal}`),
      ...offered.map(({ origin, certification }) =>
        h('option', { value: origin.id, 'data-status': certification.status, ...(origin.id === before ? { selected: true } : {}) }, optionLabel(origin, certification))));
    showStatus();
  };
  const refreshFinenesses = () => {
    const fineness = select('details.fineness');
    const before = fineness.value;
    fineness.replaceChildren(...FINENESS_BY_METAL[select('details.metal').value as Metal].map((f) => h('option', { value: f, ...(f === before ? { selected: true } : {}) }, f)));
  };
  form.addEventListener('change', (event) => {
    const name = (event.target as HTMLSelectElement).name;
    if (name === 'details.metal') refreshFinenesses();
    if (name === 'details.scheme' || name === 'details.metal') refreshOrigins();
    if (name === 'details.origin.id') showStatus();
  });
  refreshOrigins();
}
