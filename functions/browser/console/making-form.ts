/**
 * The MAKING form's fields: the hallmark as struck (sponsor's mark, assay office, fineness mark
 * preset from the sourced fineness, optional date letter) or the piece's weight when it is under
 * the weight that needs one; whether the scheme's mark was struck; and the stones, a row each.
 */
import type { Fineness } from '#domain/schemas';
import type { Commission } from './api.ts';
import { h } from './dom.ts';
import { applyConditions, control, type Field, type StageParts, type Values } from './fields.ts';

/** The millesimal mark each fineness is hallmarked with. */
const FINENESS_MARK: Record<Fineness, string> = { '9ct': '375', '14ct': '585', '18ct': '750', '22ct': '916', '925': '925', '950': '950' };
const FINENESS_MARKS = ['375', '585', '750', '916', '925', '950', '958', '990', '999', '850', '900'];
const ASSAY_OFFICES: [string, string][] = [
  ['london', 'London'], ['birmingham', 'Birmingham'], ['sheffield', 'Sheffield'], ['edinburgh', 'Edinburgh'], ['other', 'Another assay office'],
];
const MAX_STONES = 20;

const struck = (v: Values) => v('hallmarkKind') !== 'exempt';

export function makingParts(c: Commission): StageParts {
  const fineness = c.sourcing?.fineness ?? c.metal.fineness;
  const fields: Field[] = [
    {
      path: 'hallmarkKind', label: 'Hallmark', type: 'radio', value: 'struck',
      options: [['struck', 'Hallmarked by an assay office'], ['exempt', 'Exempt: under the weight that needs a hallmark']],
    },
    { path: 'details.hallmark.sponsorMark', label: 'Sponsor’s mark', when: struck, hint: 'The studio’s registered mark as struck, e.g. RL.' },
    { path: 'details.hallmark.assayOffice', label: 'Assay office', type: 'select', options: ASSAY_OFFICES, value: 'birmingham', when: struck },
    { path: 'details.hallmark.assayOfficeName', label: 'Name of the assay office', when: (v) => struck(v) && v('details.hallmark.assayOffice') === 'other' },
    {
      path: 'details.hallmark.finenessMark', label: 'Fineness mark', type: 'select', options: FINENESS_MARKS.map((m) => [m, m]),
      value: fineness ? FINENESS_MARK[fineness] : '750', when: struck,
      hint: fineness ? `Set from the sourced fineness (${fineness} is marked ${FINENESS_MARK[fineness]}).` : undefined,
    },
    { path: 'details.hallmark.dateLetter', label: 'Date letter', optional: true, when: struck },
    { path: 'details.hallmark.exempt', label: 'Exempt', type: 'hidden', value: 'under-weight', when: (v) => !struck(v) },
    {
      path: 'details.hallmark.pieceWeightGrams', label: 'Weight of the finished piece (grams)', type: 'number', when: (v) => !struck(v),
      hint: 'Exempt only under gold 1 g, silver 7.78 g, platinum 0.5 g.',
    },
    {
      path: 'details.schemeMark', label: 'Struck the scheme’s mark too (e.g. the FAIRTRADE Mark)', type: 'checkbox',
      hint: 'Only a licensee of the scheme may, and only on physically traceable certified metal.',
    },
  ];
  return { fields, extra: [stonesSection()] };
}

/** Stone fields, relative to `details.stones.<n>.` */
const STONE_FIELDS = (prefix: string): Field[] => {
  const v = (path: string) => (values: Values) => values(`${prefix}${path}`);
  return [
    { path: `${prefix}type`, label: 'Stone', type: 'select', options: [['diamond', 'Diamond'], ['sapphire', 'Sapphire'], ['ruby', 'Ruby'], ['emerald', 'Emerald'], ['other', 'Another stone']] },
    { path: `${prefix}typeName`, label: 'Which stone', when: (values) => v('type')(values) === 'other' },
    { path: `${prefix}origin`, label: 'Natural or lab-grown', type: 'select', options: [['natural', 'Natural'], ['lab-grown', 'Lab-grown']] },
    { path: `${prefix}countryOfOrigin`, label: 'Country of origin', optional: true },
    { path: `${prefix}caratWeight`, label: 'Carat weight', type: 'number', optional: true },
    { path: `${prefix}gradingReport.laboratory`, label: 'Grading laboratory', optional: true },
    { path: `${prefix}gradingReport.number`, label: 'Report number', optional: true },
    {
      path: `${prefix}systemOfWarranties`, label: 'System of Warranties statement', type: 'textarea',
      when: (values) => v('type')(values) === 'diamond' && v('origin')(values) === 'natural',
      hint: 'As the supplier’s invoice states it: required for a natural diamond.',
    },
  ];
};

function stonesSection() {
  const rows = h('div', { class: 'stones' });
  const add = h('button', { class: 'button secondary', type: 'button' }, 'Add a stone');
  const section = h('fieldset', { class: 'group stones-group', 'data-field': 'details.stones' },
    h('legend', {}, 'Stones'),
    h('p', { class: 'hint' }, 'One row per stone (or matched set) set in the piece; none for plain metal.'),
    rows,
    h('p', { class: 'field-error', 'data-error-for': 'details.stones', hidden: true }),
    add);

  /** Rebuilds every row from `values`, so each row's names keep its position in the array the API checks. */
  const draw = (values: Record<string, string>[]) => {
    rows.replaceChildren(...values.map((saved, index) => {
      const prefix = `details.stones.${index}.`;
      const row = h('fieldset', { class: 'stone', 'data-stone': String(index) },
        h('legend', {}, `Stone ${index + 1}`),
        h('div', { class: 'row' }, ...STONE_FIELDS(prefix).map((field) => control({ ...field, value: saved[field.path.slice(prefix.length)] ?? field.value }))),
        h('button', { class: 'link-button', type: 'button', onclick: () => draw(read().toSpliced(index, 1)) }, `Remove stone ${index + 1}`));
      return row;
    }));
    add.disabled = values.length >= MAX_STONES;
    const form = section.closest('form');
    if (form) applyConditions(form);
  };
  const read = () => [...rows.querySelectorAll<HTMLElement>('.stone')].map((row, index) => {
    const prefix = `details.stones.${index}.`;
    const saved: Record<string, string> = {};
    for (const element of row.querySelectorAll<HTMLInputElement>('input, select, textarea')) saved[element.name.slice(prefix.length)] = element.value;
    return saved;
  });
  add.addEventListener('click', () => {
    draw([...read(), {}]);
    rows.querySelector<HTMLElement>('.stone:last-child select')?.focus();
  });
  return section;
}
