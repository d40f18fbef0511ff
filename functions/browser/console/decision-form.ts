/**
 * The decision form of the stage a commission awaits: approve with the stage's details (checked
 * with the API's own approval schema before sending), request changes, or cancel after confirming.
 * At DESIGN the studio proposes instead (summary, price, deposit, the images the customer sees):
 * the customer approves or asks for changes on their status page; a new proposal replaces one
 * the customer is still considering.
 */
import { STAGE_NAMES } from '#domain/labels';
import { approvalDetailsByStage, issuesToFields, ProposalDetails, type OpenStage } from '#domain/schemas';
import { showFieldErrors } from '../form-errors.ts';
import { api, ApiFailure, type Commission, type OriginView } from './api.ts';
import { confirmDialog, h } from './dom.ts';
import { applyConditions, control, errorSummary, readForm, type StageParts } from './fields.ts';
import { failure } from './layout.ts';
import { makingParts } from './making-form.ts';
import { sourcingParts } from './sourcing-form.ts';

/** Shows the commission again, with a notice of what just happened. */
export type Reload = (notice: { kind: 'ok' | 'error'; text: string }) => Promise<void>;

function stageParts(c: Commission, stage: OpenStage, origins: readonly OriginView[]): StageParts {
  switch (stage) {
    case 'ENQUIRY':
      return { fields: [] };
    case 'DESIGN': {
      const last = c.proposal;
      // The files the customer may see: checked (`ready`) and marked visible (the attachments' own view lists them all).
      const files = ((c as Commission & { attachments?: ConsoleAttachment[] }).attachments ?? []).filter((a) => a.status === 'ready' && a.visibleToCustomer);
      return {
        fields: [
          { path: 'details.summary', label: 'Design summary', type: 'textarea', hint: 'What you propose: the customer reads this and approves it or asks for changes.', ...(last && { value: last.summary }) },
          { path: 'details.price.amount', label: 'Price', type: 'number', ...(last && { value: String(last.price.amount) }) },
          { path: 'details.price.currency', label: 'Currency', type: 'select', options: [['GBP', 'GBP'], ['EUR', 'EUR'], ['USD', 'USD']], value: last?.price.currency ?? c.piece.budget?.currency ?? 'GBP' },
          { path: 'details.depositPercent', label: 'Deposit (%)', type: 'number', hint: 'Due when the customer approves the design; 0 to 100.', value: String(last?.depositPercent ?? 50) },
          ...files.map((a, i) => ({
            path: `attach.${i}`,
            label: `Show ${a.fileName} (${a.kind})`,
            type: 'checkbox' as const,
            optional: true,
            ...(last?.attachments.includes(a.id) && { value: 'true' }),
          })),
        ],
        setup: (form) => {
          form.dataset.attachmentIds = JSON.stringify(files.map((a) => a.id));
        },
      };
    }
    case 'SOURCING':
      return sourcingParts(c, origins);
    case 'MAKING':
      return makingParts(c);
    case 'DELIVERY':
      return {
        fields: [
          { path: 'details.method', label: 'Delivery', type: 'select', options: [['courier', 'Insured courier'], ['collection', 'Collection at the studio']] },
          { path: 'details.carrier', label: 'Carrier', optional: true, hint: 'Required for courier delivery' },
          { path: 'details.trackingNumber', label: 'Tracking number', optional: true, hint: 'Required for courier delivery' },
        ],
      };
  }
}

const APPROVE_LABELS: Record<OpenStage, string> = {
  ENQUIRY: 'Accept the enquiry',
  DESIGN: 'Approve the design',
  SOURCING: 'Record the metal and approve',
  MAKING: 'Approve: made and hallmarked',
  DELIVERY: 'Approve: delivered',
};

/** A file as GET /commissions/{id} lists it (the attachments' part of the view). */
interface ConsoleAttachment { id: string; kind: string; fileName: string; status: string; visibleToCustomer: boolean }

/** `origins`: the registry, for the SOURCING form's choice of origin. */
export function decisionForm(c: Commission, reload: Reload, origins: readonly OriginView[] = []) {
  const stage = c.awaiting!.stage;
  const parts = stageParts(c, stage, origins);
  const design = stage === 'DESIGN';
  const withCustomer = c.awaiting?.party === 'customer';
  const form = h('form', { class: 'card decision', novalidate: true, 'aria-labelledby': 'decision-title', 'data-stage': stage },
    h('h2', { id: 'decision-title' }, design ? (withCustomer ? `Design: proposal ${c.revision} awaits the customer` : 'Propose the design') : `Decide: ${STAGE_NAMES[stage]}`),
    withCustomer && h('p', { class: 'hint' }, 'The customer approves it or asks for changes on their page. A new proposal replaces this one (they are told).'),
    errorSummary(),
    ...parts.fields.map((field) => control(field)),
    ...(parts.extra ?? []),
    control({ path: 'note', label: 'Note for the studio', type: 'textarea', optional: true, hint: 'Kept in the history; never shown to the customer. Say why when requesting changes or cancelling.' }),
    design
      ? h('div', { class: 'actions' },
          h('button', { class: 'button', type: 'submit', value: 'propose' }, withCustomer ? 'Replace the proposal' : 'Propose to the customer'),
          h('button', { class: 'button danger', type: 'submit', value: 'cancel' }, 'Cancel commission…'))
      : h('div', { class: 'actions' },
          h('button', { class: 'button', type: 'submit', value: 'approve' }, APPROVE_LABELS[stage]),
          h('button', { class: 'button secondary', type: 'submit', value: 'request-changes' }, 'Request changes'),
          h('button', { class: 'button danger', type: 'submit', value: 'cancel' }, 'Cancel commission…')));
  parts.setup?.(form);
  applyConditions(form);
  form.addEventListener('change', () => applyConditions(form));

  // The listener returns nothing; its async body is started with void.
  form.addEventListener('submit', (event) => void (async () => {
    event.preventDefault();
    const decision = (event.submitter as HTMLButtonElement | null)?.value ?? 'approve';
    const note = (form.elements.namedItem('note') as HTMLTextAreaElement).value.trim();
    const request: Record<string, unknown> = { stage, decision, ...(note ? { note } : {}) };
    if (decision === 'propose') {
      const { attach, details } = readForm(form, '') as { attach?: unknown[]; details?: Record<string, unknown> };
      const ids = JSON.parse(form.dataset.attachmentIds ?? '[]') as string[];
      const attachments = ids.filter((_, i) => Array.isArray(attach) && attach[i] === true);
      const checked = ProposalDetails.safeParse({ ...details, ...(attachments.length > 0 && { attachments }) });
      if (!checked.success) return showFieldErrors(form, issuesToFields(checked.error.issues, 'details').map((f) => (blankChoice(form, f.path) ? { ...f, message: 'Required' } : f)));
      request.details = checked.data;
    } else if (decision === 'approve') {
      // Checked with the API's own schema first: the same messages, without a round trip.
      const checked = approvalDetailsByStage[stage].safeParse(readForm(form, 'details.'));
      if (!checked.success) return showFieldErrors(form, issuesToFields(checked.error.issues, 'details').map((f) => (blankChoice(form, f.path) ? { ...f, message: 'Required' } : f)));
      request.details = checked.data;
    } else if (decision === 'request-changes' && !note) {
      return showFieldErrors(form, [{ path: 'note', message: 'Say what should change' }]);
    } else if (decision === 'cancel') {
      if (!(await confirmCancel(c))) return;
    }
    showFieldErrors(form, []);
    for (const button of form.querySelectorAll('button')) button.disabled = true;
    try {
      await api(`/commissions/${c.id}/decisions`, { method: 'POST', body: JSON.stringify(request) });
      await waitForMove(c, decision === 'propose');
      await reload({
        kind: 'ok',
        text:
          decision === 'propose' ? 'Design proposed: the customer has been sent it to approve.'
          : decision === 'approve' ? `${STAGE_NAMES[stage]} approved.`
          : decision === 'cancel' ? 'Commission cancelled. The customer has been told.'
          : 'Changes requested: a new revision begins.',
      });
    } catch (error) {
      if (error instanceof ApiFailure && error.status === 400) {
        for (const button of form.querySelectorAll('button')) button.disabled = false;
        // A refusal that names no field (none expected) is still said in the form's summary.
        return showFieldErrors(form, error.fields?.length ? error.fields : [{ path: 'details', message: error.message }]);
      }
      if (error instanceof ApiFailure && error.status === 409) {
        return reload({ kind: 'error', text: 'Someone has already decided this stage. Here is the commission as it stands now.' });
      }
      if (error instanceof ApiFailure && error.status === 410) {
        return reload({ kind: 'error', text: 'The workflow is no longer waiting for this decision (it may have stopped); the decision was not recorded.' });
      }
      failure(error);
    }
  })());
  return form;
}

/** A select or number left blank: the schema's "expected number" or "Not an origin id" means "Required" there. */
function blankChoice(form: HTMLFormElement, path: string) {
  const control = form.elements.namedItem(path);
  return (control instanceof HTMLSelectElement || (control instanceof HTMLInputElement && control.type === 'number')) && control.value.trim() === '';
}

function confirmCancel(c: Commission): Promise<boolean> {
  return confirmDialog({
    title: `Cancel the commission for ${c.customer?.name ?? 'this customer'}?`,
    text: 'The customer will be told their commission is cancelled. This cannot be undone.',
    yes: 'Yes, cancel it',
    no: 'Keep it',
    danger: true,
  });
}

/**
 * After a 202 the workflow moves the record on within moments: wait until it has (or give up
 * quietly). A proposal stays at DESIGN: it has landed when the new proposal awaits the customer.
 */
async function waitForMove(before: Commission, proposal = false) {
  for (let attempt = 0; attempt < 40; attempt++) {
    const now = await api<Commission>(`/commissions/${before.id}`);
    const moved = proposal
      ? now.awaiting?.party === 'customer' && now.proposal !== undefined && now.proposal.proposedAt !== before.proposal?.proposedAt
      : now.stage !== before.stage || now.revision !== before.revision;
    if (moved && (now.awaiting || now.stage === 'COMPLETED' || now.stage === 'CANCELLED')) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
