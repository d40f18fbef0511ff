/**
 * The designer console, bundled for the browser by infra/browser-build.ts: sign-in (locally the
 * local identity; on AWS Cognito's hosted UI with authorization code + PKCE), a queue per stage,
 * a commission with its timeline, and the decision form of its current stage — validated with
 * the API's own approval schemas. Every text reaches the DOM as text (textContent), never HTML.
 */
import { approvalDetailsByStage, FINENESS_BY_METAL, issuesToFields, OPEN_STAGES, STAGES, type MetalChoice, type Money, type OpenStage, type Piece, type Scheme, type Stage, type SourcingApproval } from '#domain/schemas';
import { formatMoney, historyEventLabel, metalPhrase, PIECE_NAMES, SCHEME_NAMES, shortReference, STAGE_NAMES } from '#domain/labels';
import { showFieldErrors, type FieldError } from './form-errors.ts';

type SignIn = { kind: 'local' } | { kind: 'cognito'; domain: string; clientId: string };
type Child = Node | string | false | undefined | null;

const root = document.querySelector<HTMLElement>('#console')!;
const signIn = JSON.parse(root.dataset.signIn ?? '{"kind":"local"}') as SignIn;
const TOKEN_KEY = 'console.idToken';

// ── tiny DOM helper ───────────────────────────────────────────────────────────────────────────
function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | boolean | ((e: Event) => void)> = {}, ...children: Child[]) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) element.setAttribute(name, '');
    else if (value !== false) element.setAttribute(name, value);
  }
  element.append(...children.filter((c): c is Node | string => c !== false && c !== undefined && c !== null));
  return element;
}

const when = (iso: string) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

// ── the API ───────────────────────────────────────────────────────────────────────────────────
class ApiFailure extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly fields?: FieldError[]) {
    super(message);
  }
}

async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const token = localStorage.getItem(TOKEN_KEY);
  const response = await fetch(path, {
    ...init,
    headers: { ...(init.body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  const body = (await response.json().catch(() => ({}))) as { error?: { code: string; message: string; fields?: FieldError[] } };
  if (response.status === 401) {
    localStorage.removeItem(TOKEN_KEY);
    throw new ApiFailure(401, 'unauthorized', 'Your session has ended. Please sign in again.');
  }
  if (!response.ok) {
    throw new ApiFailure(response.status, body.error?.code ?? 'error', body.error?.message ?? `The studio's server answered ${response.status}.`, body.error?.fields);
  }
  return body as T;
}

// ── sign-in ───────────────────────────────────────────────────────────────────────────────────
const base64url = (bytes: ArrayBuffer | Uint8Array) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes))).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
const redirectUri = () => `${location.origin}/console/callback`;

async function startCognitoSignIn(config: Extract<SignIn, { kind: 'cognito' }>) {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem('console.pkce', JSON.stringify({ verifier, state }));
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const url = new URL('/oauth2/authorize', config.domain);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: 'openid email profile',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

async function finishCognitoSignIn(config: Extract<SignIn, { kind: 'cognito' }>) {
  const params = new URLSearchParams(location.search);
  const saved = JSON.parse(sessionStorage.getItem('console.pkce') ?? 'null') as { verifier: string; state: string } | null;
  sessionStorage.removeItem('console.pkce');
  if (!saved || params.get('state') !== saved.state || !params.get('code')) throw new Error('The sign-in could not be completed. Please try again.');
  const response = await fetch(new URL('/oauth2/token', config.domain), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code: params.get('code')!,
      redirect_uri: redirectUri(),
      code_verifier: saved.verifier,
    }),
  });
  const tokens = (await response.json()) as { id_token?: string };
  if (!response.ok || !tokens.id_token) throw new Error('The sign-in was refused. Please try again.');
  localStorage.setItem(TOKEN_KEY, tokens.id_token);
}

function renderSignIn(message?: string) {
  const error = message ? h('p', { class: 'form-error', role: 'alert' }, message) : undefined;
  if (signIn.kind === 'cognito') {
    return view(
      h('section', { class: 'card sign-in' }, h('h1', {}, 'Designer console'), error, h('p', {}, 'Sign in with your studio account.'),
        h('button', { class: 'button', onclick: () => void startCognitoSignIn(signIn) }, 'Sign in')),
    );
  }
  const form = h('form', { class: 'card sign-in', novalidate: true },
    h('h1', {}, 'Designer console'),
    h('p', { class: 'hint' }, 'Local studio: sign in with any name and address; the local identity issues your token.'),
    error,
    h('div', { class: 'field' }, h('label', { for: 'signin-name' }, 'Your name'), h('input', { id: 'signin-name', name: 'name', value: 'Rosa Jeweller', autocomplete: 'name', required: true })),
    h('div', { class: 'field' }, h('label', { for: 'signin-email' }, 'Studio email'), h('input', { id: 'signin-email', name: 'email', type: 'email', value: 'rosa@studio.local', autocomplete: 'email', required: true })),
    h('button', { class: 'button', type: 'submit' }, 'Sign in'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const response = await fetch('/local-identity/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: data.get('name'), email: data.get('email') }),
    });
    const answer = (await response.json().catch(() => ({}))) as { idToken?: string; error?: { message: string } };
    if (!answer.idToken) return renderSignIn(answer.error?.message ?? 'Sign-in failed.');
    localStorage.setItem(TOKEN_KEY, answer.idToken);
    void route();
  });
  view(form);
  form.querySelector('input')?.focus();
}

function signOut() {
  localStorage.removeItem(TOKEN_KEY);
  if (signIn.kind === 'cognito') {
    const url = new URL('/logout', signIn.domain);
    url.search = new URLSearchParams({ client_id: signIn.clientId, logout_uri: redirectUri() }).toString();
    location.assign(url.toString());
  } else {
    renderSignIn();
  }
}

function whoAmI(): string {
  const token = localStorage.getItem(TOKEN_KEY);
  try {
    const claims = JSON.parse(atob(token!.split('.')[1]!.replaceAll('-', '+').replaceAll('_', '/'))) as { email?: string; name?: string };
    return claims.name ?? claims.email ?? 'designer';
  } catch {
    return 'designer';
  }
}

// ── layout ────────────────────────────────────────────────────────────────────────────────────
function view(...content: Child[]) {
  const signedIn = Boolean(localStorage.getItem(TOKEN_KEY));
  const nav = signedIn
    ? h('nav', { class: 'console-nav', 'aria-label': 'Console' },
        h('a', { href: '#/' }, 'Queues'),
        h('a', { href: '#/workflow' }, 'Workflow'),
        h('span', { class: 'who' }, `Signed in as ${whoAmI()}`),
        h('button', { class: 'link-button', onclick: signOut }, 'Sign out'))
    : undefined;
  root.replaceChildren(...[nav, ...content].filter((c): c is Node | string => c !== false && c !== undefined && c !== null));
}

function failure(error: unknown) {
  if (error instanceof ApiFailure && error.status === 401) return renderSignIn(error.message);
  const message = error instanceof ApiFailure && error.status === 403 ? 'Your account is not in the designers group.' : (error as Error).message;
  view(h('p', { class: 'form-error', role: 'alert' }, message));
}

// ── queues ────────────────────────────────────────────────────────────────────────────────────
interface QueueItem {
  id: string;
  stage: Stage;
  awaiting: { stage: string; since: string } | null;
  customer: { name: string };
  piece: { kind: Piece['kind'] };
  metal: { scheme: Scheme };
  daysInStage: number;
}

async function renderQueues(selected: Stage) {
  const queues = await Promise.all(
    STAGES.map(async (stage) => [stage, (await api<{ items: QueueItem[] }>(`/commissions?stage=${stage}&limit=100`)).items] as const),
  );
  const items = queues.find(([stage]) => stage === selected)?.[1] ?? [];
  const tabs = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Stages' },
    ...queues.map(([stage, list]) =>
      h('a', { href: `#/queue/${stage}`, role: 'tab', class: 'tab', 'aria-selected': String(stage === selected), ...(stage === selected ? { 'aria-current': 'page' } : {}) },
        STAGE_NAMES[stage], ' ', h('span', { class: 'count' }, String(list.length)))),
  );
  const table = items.length === 0
    ? h('p', { class: 'empty' }, OPEN_STAGES.includes(selected as OpenStage) ? 'Nothing is waiting here. ' : 'None yet.')
    : h('table', { class: 'queue' },
        h('caption', { class: 'visually-hidden' }, `${STAGE_NAMES[selected]}, oldest first`),
        h('thead', {}, h('tr', {}, ...['Reference', 'Customer', 'Piece', 'Metal', 'Days in stage', ''].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, ...items.map((item) =>
          h('tr', { class: item.daysInStage >= 7 ? 'overdue' : '' },
            h('td', {}, h('a', { href: `#/commission/${item.id}` }, shortReference(item.id))),
            h('td', {}, item.customer.name),
            h('td', {}, PIECE_NAMES[item.piece.kind] ?? item.piece.kind),
            h('td', {}, SCHEME_NAMES[item.metal.scheme] ?? item.metal.scheme),
            h('td', { class: 'days' }, String(item.daysInStage)),
            h('td', {}, item.awaiting ? h('span', { class: 'badge' }, 'Awaiting decision') : OPEN_STAGES.includes(item.stage as OpenStage) ? h('span', { class: 'badge muted' }, 'Preparing') : '')))));
  view(h('h1', {}, 'Commissions'), h('p', { class: 'hint' }, 'Each queue lists the commissions in a stage, the one waiting longest first.'), tabs, h('section', { class: 'card' }, table));
}

// ── one commission ────────────────────────────────────────────────────────────────────────────
interface Commission {
  id: string;
  stage: Stage;
  revision: number;
  awaiting: { stage: OpenStage; since: string } | null;
  customer: { name: string; email: string; phone?: string };
  piece: Piece;
  metal: MetalChoice;
  design?: { summary: string; price: Money };
  sourcing?: SourcingApproval;
  making?: { hallmark: string };
  delivery?: { method: string; carrier?: string; trackingNumber?: string };
  history: { at: string; stage: Stage; event: string; actor: string; note?: string; details?: Record<string, unknown> }[];
  createdAt: string;
}

const facts = (rows: [string, string | undefined][]) =>
  h('dl', { class: 'facts' }, ...rows.filter(([, v]) => v !== undefined && v !== '').flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v!)]));

async function renderCommission(id: string, notice?: { kind: 'ok' | 'error'; text: string }) {
  const c = await api<Commission>(`/commissions/${encodeURIComponent(id)}`);
  const stages = ['ENQUIRY', 'DESIGN', 'SOURCING', 'MAKING', 'DELIVERY', 'COMPLETED'] as const;
  const progress = h('ol', { class: 'progress', 'aria-label': 'Stages' },
    ...stages.map((stage, index) => {
      const current = stages.indexOf(c.stage as (typeof stages)[number]);
      const state = c.stage === 'COMPLETED' || index < current ? 'done' : index === current ? 'current' : 'upcoming';
      return h('li', { class: `progress-${state}`, ...(state === 'current' ? { 'aria-current': 'step' } : {}) }, STAGE_NAMES[stage]);
    }));
  const timeline = h('ol', { class: 'history' },
    ...c.history.map((entry) =>
      h('li', {},
        h('time', { datetime: entry.at }, when(entry.at)),
        h('span', { class: 'event' }, `${historyEventLabel(entry.event)} · ${STAGE_NAMES[entry.stage]}`),
        h('span', { class: 'actor' }, entry.actor === 'system' ? 'by the workflow' : `by ${entry.actor}`),
        entry.note ? h('blockquote', {}, entry.note) : undefined,
        entry.details && Object.keys(entry.details).length > 0 && entry.event === 'approved' ? h('p', { class: 'details' }, describeDetails(entry.details)) : undefined)));
  view(
    h('p', {}, h('a', { href: `#/queue/${c.stage}` }, `← ${STAGE_NAMES[c.stage]} queue`)),
    h('header', { class: 'commission-head' },
      h('p', { class: 'eyebrow' }, `Commission ${shortReference(c.id)}${c.revision > 1 ? ` · revision ${c.revision}` : ''}`),
      h('h1', {}, `${PIECE_NAMES[c.piece.kind] ?? c.piece.kind} for ${c.customer.name}`),
      h('p', { class: 'stage-line' }, h('span', { class: `stage-badge stage-${c.stage.toLowerCase()}` }, c.stage),
        c.awaiting ? ` awaiting a decision since ${when(c.awaiting.since)}` : c.stage === 'COMPLETED' || c.stage === 'CANCELLED' ? ' — closed' : ' — preparing the next step…')),
    notice ? h('p', { class: notice.kind === 'ok' ? 'notice ok' : 'form-error', role: notice.kind === 'ok' ? 'status' : 'alert' }, notice.text) : false,
    progress,
    h('div', { class: 'columns' },
      h('div', {},
        h('section', { class: 'card' }, h('h2', {}, 'The enquiry'),
          facts([
            ['Customer', c.customer.name], ['Email', c.customer.email], ['Phone', c.customer.phone],
            ['Piece', PIECE_NAMES[c.piece.kind]], ['Description', c.piece.description], ['Ring size', c.piece.ringSize],
            ['Budget', c.piece.budget && formatMoney(c.piece.budget)],
            ['Metal', metalPhrase(c.metal)],
            ['Design', c.design?.summary], ['Price', c.design && formatMoney(c.design.price)],
            ['Sourced', c.sourcing && `${c.sourcing.weightGrams} g ${c.sourcing.fineness} ${SCHEME_NAMES[c.sourcing.scheme]} ${c.sourcing.metal} from ${c.sourcing.origin.name}, ${c.sourcing.origin.country} (${c.sourcing.supplier}, lot ${c.sourcing.lotReference})`],
            ['Hallmark', c.making?.hallmark],
            ['Delivery', c.delivery && (c.delivery.method === 'courier' ? `${c.delivery.carrier}, ${c.delivery.trackingNumber}` : 'Collection')],
          ])),
        c.awaiting ? decisionForm(c) : false),
      h('section', { class: 'card' }, h('h2', {}, 'Timeline'), timeline)),
  );
}

function describeDetails(details: Record<string, unknown>): string {
  const flat: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    else flat.push(`${path}: ${String(value)}`);
  };
  walk(details, '');
  return flat.join(' · ');
}

// ── the decision form ─────────────────────────────────────────────────────────────────────────
type Input = { path: string; label: string; type?: 'text' | 'number' | 'textarea' | 'select'; options?: [string, string][]; value?: string; hint?: string; optional?: boolean };

function stageInputs(c: Commission, stage: OpenStage): Input[] {
  switch (stage) {
    case 'ENQUIRY':
      return [];
    case 'DESIGN':
      return [
        { path: 'details.summary', label: 'Design summary', type: 'textarea', hint: 'What the customer agreed to: the customer sees this.' },
        { path: 'details.price.amount', label: 'Price', type: 'number' },
        { path: 'details.price.currency', label: 'Currency', type: 'select', options: [['GBP', 'GBP'], ['EUR', 'EUR'], ['USD', 'USD']], value: c.piece.budget?.currency ?? 'GBP' },
      ];
    case 'SOURCING':
      return [
        { path: 'details.scheme', label: 'Scheme', type: 'select', options: Object.entries(SCHEME_NAMES), value: c.metal.scheme },
        { path: 'details.metal', label: 'Metal', type: 'select', options: [['gold', 'Gold'], ['silver', 'Silver'], ['platinum', 'Platinum']], value: c.metal.metal },
        { path: 'details.fineness', label: 'Fineness', type: 'select', options: FINENESS_BY_METAL[c.metal.metal as 'gold'].map((f) => [f, f]), value: c.metal.fineness ?? '' },
        { path: 'details.weightGrams', label: 'Weight (grams)', type: 'number' },
        { path: 'details.origin.name', label: 'Mine or cooperative', hint: 'e.g. SOTRAMI' },
        { path: 'details.origin.country', label: 'Country' },
        { path: 'details.supplier', label: 'Supplier' },
        { path: 'details.lotReference', label: 'Lot reference' },
      ];
    case 'MAKING':
      return [{ path: 'details.hallmark', label: 'Hallmark', hint: 'Assay office, fineness mark, sponsor' }];
    case 'DELIVERY':
      return [
        { path: 'details.method', label: 'Delivery', type: 'select', options: [['courier', 'Insured courier'], ['collection', 'Collection at the studio']] },
        { path: 'details.carrier', label: 'Carrier', optional: true, hint: 'Required for courier delivery' },
        { path: 'details.trackingNumber', label: 'Tracking number', optional: true, hint: 'Required for courier delivery' },
      ];
  }
}

function control(input: Input) {
  const id = `field-${input.path.replaceAll('.', '-')}`;
  const common = { id, name: input.path, 'aria-describedby': `${id}-error` };
  const element =
    input.type === 'textarea'
      ? h('textarea', { ...common, rows: '3' }, input.value ?? '')
      : input.type === 'select'
        ? h('select', common, ...(input.options ?? []).map(([value, label]) => h('option', { value, ...(value === input.value ? { selected: true } : {}) }, label)))
        : h('input', { ...common, type: input.type === 'number' ? 'number' : 'text', ...(input.type === 'number' ? { step: 'any', min: '0' } : {}), value: input.value ?? '' });
  return h('div', { class: 'field', 'data-field': input.path },
    h('label', { for: id }, input.label, input.optional ? h('span', { class: 'optional' }, ' (optional)') : undefined),
    input.hint ? h('p', { class: 'hint' }, input.hint) : undefined,
    element,
    h('p', { class: 'field-error', id: `${id}-error`, 'data-error-for': input.path, hidden: true }));
}

const APPROVE_LABELS: Record<OpenStage, string> = {
  ENQUIRY: 'Accept the enquiry',
  DESIGN: 'Approve the design',
  SOURCING: 'Record the metal and approve',
  MAKING: 'Approve: made and hallmarked',
  DELIVERY: 'Approve: delivered',
};

function decisionForm(c: Commission) {
  const stage = c.awaiting!.stage;
  const inputs = stageInputs(c, stage);
  const form = h('form', { class: 'card decision', novalidate: true, 'aria-labelledby': 'decision-title' },
    h('h2', { id: 'decision-title' }, `Decide: ${STAGE_NAMES[stage]}`),
    h('div', { class: 'error-summary', role: 'alert', tabindex: '-1', hidden: true }, h('h3', {}, 'Please check the form'), h('ul')),
    ...inputs.map(control),
    control({ path: 'note', label: 'Note for the studio', type: 'textarea', optional: true, hint: 'Kept in the history; never shown to the customer. Say why when requesting changes or cancelling.' }),
    h('div', { class: 'actions' },
      h('button', { class: 'button', type: 'submit', value: 'approve' }, APPROVE_LABELS[stage]),
      h('button', { class: 'button secondary', type: 'submit', value: 'request-changes' }, 'Request changes'),
      h('button', { class: 'button danger', type: 'submit', value: 'cancel' }, 'Cancel commission…')));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const decision = ((event as SubmitEvent).submitter as HTMLButtonElement | null)?.value ?? 'approve';
    const data = Object.fromEntries(new FormData(form).entries()) as Record<string, string>;
    const note = data.note?.trim();
    const request: Record<string, unknown> = { stage, decision, ...(note ? { note } : {}) };
    if (decision === 'approve') {
      const details: Record<string, unknown> = {};
      for (const input of inputs) {
        const raw = data[input.path]?.trim() ?? '';
        if (raw === '' && input.optional) continue;
        setPath(details, input.path.slice('details.'.length), input.type === 'number' && raw !== '' ? Number(raw) : raw);
      }
      const checked = approvalDetailsByStage[stage].safeParse(details);
      if (!checked.success) return showFieldErrors(form, issuesToFields(checked.error.issues, 'details'));
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
      await waitForMove(c);
      await renderCommission(c.id, { kind: 'ok', text: decision === 'approve' ? `${STAGE_NAMES[stage]} approved.` : decision === 'cancel' ? 'Commission cancelled. The customer has been told.' : 'Changes requested: a new revision begins.' });
    } catch (error) {
      if (error instanceof ApiFailure && error.fields) {
        for (const button of form.querySelectorAll('button')) button.disabled = false;
        return showFieldErrors(form, error.fields);
      }
      if (error instanceof ApiFailure && error.status === 409) {
        return renderCommission(c.id, { kind: 'error', text: 'Someone has already decided this stage. Here is the commission as it stands now.' });
      }
      if (error instanceof ApiFailure && error.status === 410) {
        return renderCommission(c.id, { kind: 'error', text: 'The workflow is no longer waiting for this decision (it may have stopped); the decision was not recorded.' });
      }
      failure(error);
    }
  });
  return form;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown) {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
  node[parts.at(-1)!] = value;
}

function confirmCancel(c: Commission): Promise<boolean> {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': 'confirm-title' },
      h('h2', { id: 'confirm-title' }, `Cancel the commission for ${c.customer.name}?`),
      h('p', {}, 'The customer will be told their commission is cancelled. This cannot be undone.'),
      h('form', { method: 'dialog', class: 'actions' },
        h('button', { class: 'button danger', value: 'yes' }, 'Yes, cancel it'),
        h('button', { class: 'button secondary', value: 'no', autofocus: true }, 'Keep it')));
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'yes');
      dialog.remove();
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** After a 202 the workflow moves the record on within moments: wait until it has (or give up quietly). */
async function waitForMove(before: Commission) {
  for (let attempt = 0; attempt < 40; attempt++) {
    const now = await api<Commission>(`/commissions/${before.id}`);
    const moved = now.stage !== before.stage || now.revision !== before.revision;
    if (moved && (now.awaiting || now.stage === 'COMPLETED' || now.stage === 'CANCELLED')) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

// ── the workflow picture ──────────────────────────────────────────────────────────────────────
async function renderWorkflow() {
  const source = await (await fetch('/assets/workflow.mmd')).text();
  const figure = h('figure', { class: 'card workflow' }, h('pre', { class: 'mermaid' }, source),
    h('figcaption', {}, 'Drawn from workflows/commission.asl.json — the definition that runs. Each stage waits for one designer decision; a stalled wait is chased every 3 days.'));
  view(h('h1', {}, 'The workflow'), figure);
  await loadScript('/assets/mermaid.min.js');
  const mermaid = (window as unknown as { mermaid: { initialize(o: object): void; run(o: object): Promise<void> } }).mermaid;
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'neutral', fontFamily: 'Georgia, serif' });
  await mermaid.run({ querySelector: '.mermaid' });
  figure.dataset.rendered = 'true';
}

function loadScript(src: string): Promise<void> {
  if (document.querySelector(`script[src="${src}"]`)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const script = h('script', { src });
    script.addEventListener('load', () => resolve());
    script.addEventListener('error', () => reject(new Error(`Could not load ${src}`)));
    document.head.append(script);
  });
}

// ── routing ───────────────────────────────────────────────────────────────────────────────────
async function route() {
  try {
    if (location.pathname === '/console/callback' && signIn.kind === 'cognito') {
      await finishCognitoSignIn(signIn);
      history.replaceState(null, '', '/console#/');
    }
    if (!localStorage.getItem(TOKEN_KEY)) return renderSignIn();
    const [, page, arg] = location.hash.split('/');
    if (page === 'commission' && arg) await renderCommission(arg);
    else if (page === 'workflow') await renderWorkflow();
    else await renderQueues((STAGES as readonly string[]).includes(arg ?? '') ? (arg as Stage) : 'ENQUIRY');
    root.querySelector<HTMLElement>('h1')?.setAttribute('tabindex', '-1');
  } catch (error) {
    failure(error);
  }
}

window.addEventListener('hashchange', () => void route());
void route();
