/**
 * A commission's files, per stage: each with its status (pending until the bytes are checked,
 * ready, or rejected), whether the customer sees it, and a link that opens it; and a form to add
 * one. The upload is two steps: POST the API for a grant (a presigned POST pinning key, type and
 * size), then send the file straight to the bucket with that form's fields.
 */
import { api, ApiFailure, TOKEN_KEY, type AttachmentView, type Commission } from './api.ts';
import { h } from './dom.ts';

type Notice = { kind: 'ok' | 'error'; text: string };

const STAGES = ['ENQUIRY', 'DESIGN', 'SOURCING', 'MAKING', 'DELIVERY'] as const;
const STAGE_LABELS: Record<(typeof STAGES)[number], string> = { ENQUIRY: 'Enquiry', DESIGN: 'Design', SOURCING: 'Sourcing', MAKING: 'Making', DELIVERY: 'Delivery' };
const KINDS = { sketch: 'Sketch', render: 'Render', photo: 'Photo', document: 'Document', inspiration: "Customer's inspiration" } as const;
const STATUS = { pending: 'Checking…', ready: 'Ready', rejected: 'Rejected (deleted)' } as const;
const TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'];
const MAX_BYTES = 15 * 1024 * 1024;

const formatBytes = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} bytes`;

export function attachmentsCard(c: Commission, reload: (notice: Notice) => Promise<void>) {
  const files = c.attachments ?? [];
  const open = c.stage !== 'COMPLETED' && c.stage !== 'CANCELLED' && !c.erasure;
  const byStage = STAGES.map((stage) => [stage, files.filter((f) => f.stage === stage)] as const).filter(([, list]) => list.length > 0);
  return h('section', { class: 'card', 'aria-labelledby': 'attachments-title' },
    h('h2', { id: 'attachments-title' }, 'Files'),
    byStage.length === 0 ? h('p', {}, 'No files yet.') : false,
    ...byStage.map(([stage, list]) =>
      h('div', {},
        h('h3', {}, STAGE_LABELS[stage]),
        h('ul', { class: 'attachments' }, ...list.map((file) => fileLine(c.id, file))))),
    open ? uploadForm(c, reload) : false);
}

function fileLine(commissionId: string, file: AttachmentView) {
  const label = `${file.fileName} (${KINDS[file.kind]}, ${formatBytes(file.bytes)})`;
  const link = file.status === 'ready'
    ? h('button', { type: 'button', class: 'link-button', onclick: () => void openFile(commissionId, file.id) }, `Open ${file.fileName}`)
    : false;
  return h('li', { 'data-attachment': file.id },
    h('span', {}, label), ' · ',
    h('span', { class: `attachment-${file.status}` }, STATUS[file.status]), ' · ',
    h('span', {}, file.visibleToCustomer ? 'The customer sees it' : 'Studio only'),
    link ? ' · ' : '', link);
}

/** The API answers with a redirect to a presigned GET: followed with the designer's token, then opened. */
async function openFile(commissionId: string, attachmentId: string) {
  const token = localStorage.getItem(TOKEN_KEY);
  const response = await fetch(`/commissions/${encodeURIComponent(commissionId)}/attachments/${encodeURIComponent(attachmentId)}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (response.ok) window.open(response.url, '_blank', 'noopener');
}

function uploadForm(c: Commission, reload: (notice: Notice) => Promise<void>) {
  const current = STAGES.includes(c.stage as (typeof STAGES)[number]) ? c.stage : 'DESIGN';
  const stage = h('select', { id: 'attachment-stage', name: 'stage' },
    ...STAGES.map((s) => h('option', { value: s, ...(s === current ? { selected: true } : {}) }, STAGE_LABELS[s])));
  const kind = h('select', { id: 'attachment-kind', name: 'kind' },
    ...(['sketch', 'render', 'photo', 'document'] as const).map((k) => h('option', { value: k }, KINDS[k])));
  const visible = h('input', { id: 'attachment-visible', name: 'visibleToCustomer', type: 'checkbox' });
  const file = h('input', { id: 'attachment-file', name: 'file', type: 'file', accept: TYPES.join(','), required: true });
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const submit = h('button', { class: 'button', type: 'submit' }, 'Upload');
  const form = h('form', { class: 'attachment-form', novalidate: true },
    h('h3', {}, 'Add a file'),
    h('p', { class: 'hint' }, 'JPEG, PNG, WebP or PDF, up to 15 MB.'),
    h('label', { for: 'attachment-stage' }, 'Stage'), stage,
    h('label', { for: 'attachment-kind' }, 'Kind'), kind,
    h('label', { for: 'attachment-file' }, 'File'), file,
    h('p', {}, visible, ' ', h('label', { for: 'attachment-visible' }, 'The customer may see it')),
    error, submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = file.files?.[0];
    const fail = (text: string) => {
      error.textContent = text;
      error.hidden = false;
      submit.removeAttribute('disabled');
    };
    if (!chosen) return fail('Choose a file to upload.');
    if (!TYPES.includes(chosen.type)) return fail('Choose a JPEG, PNG, WebP or PDF file.');
    if (chosen.size > MAX_BYTES) return fail('The file is larger than 15 MB.');
    submit.setAttribute('disabled', '');
    void (async () => {
      try {
        const grant = await api<{ id: string; upload: { url: string; fields: Record<string, string> } }>(`/commissions/${encodeURIComponent(c.id)}/attachments`, {
          method: 'POST',
          body: JSON.stringify({ stage: stage.value, kind: kind.value, fileName: chosen.name, contentType: chosen.type, bytes: chosen.size, visibleToCustomer: visible.checked }),
        });
        await sendToBucket(grant.upload, chosen);
        await reload({ kind: 'ok', text: `${chosen.name} is uploaded; it is checked in a moment.` });
      } catch (failure) {
        fail(failure instanceof ApiFailure || failure instanceof Error ? failure.message : 'The file could not be uploaded.');
      }
    })();
  });
  return form;
}

/** The presigned POST: every field of the grant, then the file last (S3 ignores fields after it). */
async function sendToBucket(upload: { url: string; fields: Record<string, string> }, file: Blob): Promise<void> {
  const body = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) body.append(name, value);
  body.append('file', file);
  const response = await fetch(upload.url, { method: 'POST', body });
  if (!response.ok) throw new Error('The storage refused the file (too large, or not the type declared).');
}
