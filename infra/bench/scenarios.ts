/**
 * What each function is given in the init bench: the event its trigger sends, for a commission
 * in the state its happy path expects (seeded directly, or brought there by the local workflow).
 */
import { randomUUID } from 'node:crypto';
import { newCommission, unconfirmedExpiry } from '#domain/intake';
import type { CommissionStore } from '#adapters/commission-store';
import { Enquiry } from '#domain/schemas';
import type { LocalStepFunctions } from '../local/step-functions/index.ts';
import { loadStatusLinks, type StatusLinks } from '#adapters/status-links';
import { apiGatewayEvent } from '../local/api-gateway-event.ts';
import type { InitScenarioSource } from './init.ts';

export { sampleEnquiry } from '../samples.ts';
import { SAMPLE_APPROVALS, sampleEnquiry } from '../samples.ts';

const designerClaims = () => ({
  sub: randomUUID(),
  email: 'bench@studio.local',
  'cognito:groups': '[designers]',
  'cognito:username': 'bench@studio.local',
  token_use: 'id',
});

/** An API Gateway HTTP API (payload 2.0) event; a designer's carries the bench designer's claims. */
function httpEvent(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  path: string,
  routeKey: string,
  options: {
    body?: unknown;
    query?: Record<string, string>;
    pathParameters?: Record<string, string>;
    designer?: boolean;
    headers?: Record<string, string>;
  } = {},
) {
  return apiGatewayEvent(method, path, routeKey, {
    ...(options.body !== undefined && { body: JSON.stringify(options.body), headers: { 'content-type': 'application/json', ...options.headers } }),
    ...(options.query && { query: options.query }),
    ...(options.pathParameters && { pathParameters: options.pathParameters }),
    ...(options.designer && { claims: designerClaims() }),
  });
}

export function benchScenarios(deps: {
  commissions: CommissionStore;
  stepFunctions: LocalStepFunctions;
  invoke: (name: string, event: unknown) => Promise<unknown>;
  /** The certificate id of a commission carried to COMPLETED (the happy path's). */
  completedCertificate: () => Promise<string>;
}): InitScenarioSource {
  let links: Promise<StatusLinks> | undefined;
  const statusLinks = () => (links ??= loadStatusLinks());
  // Seeded in DESIGN, not ENQUIRY: an ENQUIRY commission without a workflow is what
  // start-stranded-enquiries looks for, and would change what that function does from run to run.
  const seeded = async () => {
    const commission = { ...newCommission(randomUUID(), Enquiry.parse(sampleEnquiry()), new Date().toISOString()), stage: 'DESIGN' as const };
    await deps.commissions.create(commission, unconfirmedExpiry(new Date()));
    return commission;
  };
  /** Seeded in DESIGN with one render, ready and shown to the customer (no object needed to sign a link to it). */
  const seededWithFile = async (status: 'pending' | 'ready') => {
    const base = newCommission(randomUUID(), Enquiry.parse(sampleEnquiry()), new Date().toISOString());
    const attachmentId = randomUUID();
    const attachment = {
      id: attachmentId, stage: 'DESIGN' as const, kind: 'render' as const, fileName: 'render.png', contentType: 'image/png' as const, bytes: 67,
      status, visibleToCustomer: true, addedBy: 'studio' as const, objectKey: `commissions/${base.id}/${attachmentId}`, createdAt: base.createdAt,
    };
    const commission = { ...base, stage: 'DESIGN' as const, attachments: { [attachmentId]: attachment } };
    await deps.commissions.create(commission, unconfirmedExpiry(new Date()));
    return { id: commission.id, attachmentId, key: attachment.objectKey };
  };
  const statusQueryOf = async (id: string) => Object.fromEntries(new URL((await statusLinks()).linkFor(id)).searchParams);
  /** A new enquiry, unconfirmed, and its confirmation link (as emailed) as an event's path and query. */
  const unconfirmed = async () => {
    const commission = newCommission(randomUUID(), Enquiry.parse(sampleEnquiry()), new Date().toISOString());
    await deps.commissions.create(commission, unconfirmedExpiry(new Date()));
    const link = new URL((await statusLinks()).confirmLinkFor(commission.id, unconfirmedExpiry(new Date())));
    return { id: commission.id, path: link.pathname, query: Object.fromEntries(link.searchParams) };
  };
  /** A commission whose workflow waits for the designer's ENQUIRY decision. */
  const awaitingDecision = async () => {
    const answer = (await deps.invoke('submit-enquiry', httpEvent('POST', '/commissions', 'POST /commissions', { body: sampleEnquiry() }))) as {
      body: string;
    };
    const { id } = JSON.parse(answer.body) as { id: string };
    // The customer presses the button behind the emailed link.
    const link = new URL((await statusLinks()).confirmLinkFor(id, unconfirmedExpiry(new Date())));
    await deps.invoke('confirm-enquiry', httpEvent('POST', link.pathname, 'POST /confirm/{id}', { pathParameters: { id }, query: Object.fromEntries(link.searchParams) }));
    await deps.stepFunctions.waitForCallbackTask(id);
    return id;
  };
  /** A confirmed enquiry taken through ENQUIRY and proposed at DESIGN: its workflow waits for the customer's answer. */
  const awaitingCustomer = async () => {
    const id = await awaitingDecision();
    const studio = (body: unknown) =>
      deps.invoke('decide-stage', httpEvent('POST', `/commissions/${id}/decisions`, 'POST /commissions/{id}/decisions', { pathParameters: { id }, designer: true, body }));
    await studio({ stage: 'ENQUIRY', decision: 'approve', details: {} });
    await deps.stepFunctions.waitForCallbackTask(id, { count: 2 });
    await studio({ stage: 'DESIGN', decision: 'propose', details: SAMPLE_APPROVALS.DESIGN });
    await deps.stepFunctions.waitForCallbackTask(id, { count: 3 });
    return id;
  };
  return {
    async event(name) {
      switch (name) {
        case 'health':
          return httpEvent('GET', '/health', 'GET /health');
        case 'submit-enquiry':
          return httpEvent('POST', '/commissions', 'POST /commissions', { body: sampleEnquiry() });
        case 'confirm-enquiry': {
          const { id, path, query } = await unconfirmed();
          return httpEvent('GET', path, 'GET /confirm/{id}', { pathParameters: { id }, query });
        }
        case 'list-commissions':
          return httpEvent('GET', '/commissions', 'GET /commissions', { query: { stage: 'ENQUIRY' }, designer: true });
        case 'get-commission': {
          const { id } = await seeded();
          return httpEvent('GET', `/commissions/${id}`, 'GET /commissions/{id}', { pathParameters: { id }, designer: true });
        }
        case 'decide-stage': {
          const id = await awaitingDecision();
          return httpEvent('POST', `/commissions/${id}/decisions`, 'POST /commissions/{id}/decisions', {
            pathParameters: { id },
            designer: true,
            body: { stage: 'ENQUIRY', decision: 'approve', details: {} },
          });
        }
        case 'enter-stage':
          return { schemaVersion: 1, commissionId: (await seeded()).id };
        case 'await-decision': {
          const c = await seeded();
          return { schemaVersion: 1, commissionId: c.id, stage: c.stage, revision: c.revision, taskToken: `bench-${randomUUID()}` };
        }
        case 'chase-stalled-stage': {
          const c = await seeded();
          return { schemaVersion: 1, commissionId: c.id, stage: c.stage, revision: c.revision };
        }
        case 'record-failure':
          return { schemaVersion: 1, commissionId: (await seeded()).id, input: { failure: { Error: 'States.TaskFailed' } } };
        case 'start-stranded-enquiries':
          return {
            version: '0',
            id: randomUUID(),
            'detail-type': 'Scheduled Event',
            source: 'aws.events',
            account: '000000000000',
            time: new Date().toISOString(),
            region: process.env.AWS_REGION ?? 'eu-west-2',
            resources: [],
            detail: {},
          };
        case 'record-payment': {
          // A commission whose customer accepted the design (its price and deposit percent): the deposit is due.
          const c = {
            ...newCommission(randomUUID(), Enquiry.parse(sampleEnquiry()), new Date().toISOString()),
            stage: 'SOURCING' as const,
            design: { ...SAMPLE_APPROVALS.DESIGN, depositPercent: 50 },
          };
          await deps.commissions.create(c, unconfirmedExpiry(new Date()));
          return httpEvent('POST', `/commissions/${c.id}/payments`, 'POST /commissions/{id}/payments', {
            pathParameters: { id: c.id },
            designer: true,
            headers: { 'idempotency-key': `bench-${randomUUID()}` },
            body: { kind: 'deposit', amount: { amount: 1200, currency: 'GBP' }, method: 'bank-transfer', reference: 'BENCH', receivedOn: new Date().toISOString().slice(0, 10) },
          });
        }
        case 'list-origins':
          return httpEvent('GET', '/origins', 'GET /origins', { designer: true });
        case 'add-origin':
          return httpEvent('POST', '/origins', 'POST /origins', {
            designer: true,
            body: {
              name: `Bench cooperative ${randomUUID().slice(0, 8)}`,
              country: 'Peru',
              source: 'bench',
              certifications: [{ scheme: 'fairmined', metals: ['gold'], certifier: 'IMO Swiss AG (ARM-recognised certifier)', source: 'bench' }],
            },
          });
        case 'verify-origin': {
          const today = new Date().toISOString().slice(0, 10);
          const validUntil = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
          return httpEvent('POST', '/origins/iquira-colombia/verifications', 'POST /origins/{originId}/verifications', {
            designer: true,
            pathParameters: { originId: 'iquira-colombia' },
            body: { scheme: 'fairmined', certificateReference: `BENCH-${randomUUID().slice(0, 8)}`, checkedOn: today, validUntil },
          });
        }
        case 'edit-origin':
          return httpEvent('PATCH', '/origins/xamodx-mongolia', 'PATCH /origins/{originId}', {
            designer: true,
            pathParameters: { originId: 'xamodx-mongolia' },
            body: { uncertain: `Checked by the bench ${randomUUID().slice(0, 8)}` },
          });
        case 'get-offer':
          return httpEvent('GET', '/offer', 'GET /offer');
        case 'put-studio-licences':
          return httpEvent('PUT', '/studio/licences', 'PUT /studio/licences', {
            designer: true,
            body: { fairtrade: { kind: 'licensee', reference: 'BENCH', validUntil: new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10) } },
          });
        case 'get-studio-licences':
          return httpEvent('GET', '/studio/licences', 'GET /studio/licences', { designer: true });
        case 'check-certifications':
        case 'erase-closed-commissions':
          return {};
        case 'renew-status-link': {
          const { id } = await seeded();
          return httpEvent('POST', `/commissions/${id}/status-link`, 'POST /commissions/{id}/status-link', {
            pathParameters: { id },
            designer: true,
            body: { replacing: 1 },
          });
        }
        case 'erase-commission': {
          // Seeded unconfirmed (it carries its expiry): erasable whatever its stage.
          const { id } = await seeded();
          return httpEvent('POST', `/commissions/${id}/erasure`, 'POST /commissions/{id}/erasure', {
            pathParameters: { id },
            designer: true,
            body: { reason: 'Bench' },
          });
        }
        case 'seed-origins':
          return {};
        case 'get-provenance': {
          const certificateId = await deps.completedCertificate();
          return httpEvent('GET', `/provenance/${certificateId}`, 'GET /provenance/{certificateId}', { pathParameters: { certificateId } });
        }
        case 'web-pages':
          return httpEvent('GET', '/', 'GET /');
        case 'status-page': {
          const { id } = await seeded();
          const link = new URL((await statusLinks()).linkFor(id));
          return httpEvent('GET', link.pathname, 'GET /status/{id}', { pathParameters: { id }, query: Object.fromEntries(link.searchParams) });
        }
        case 'answer-design': {
          // The customer approves the design the studio proposed (the workflow then moves on to SOURCING).
          const id = await awaitingCustomer();
          return httpEvent('POST', `/status/${id}/design`, 'POST /status/{id}/design', {
            pathParameters: { id },
            query: await statusQueryOf(id),
            body: { decision: 'approve', revision: 1 },
          });
        }
        case 'add-attachment': {
          const { id } = await seeded();
          return httpEvent('POST', `/commissions/${id}/attachments`, 'POST /commissions/{id}/attachments', {
            pathParameters: { id },
            designer: true,
            body: { stage: 'DESIGN', kind: 'render', fileName: 'render.png', contentType: 'image/png', bytes: 2048, visibleToCustomer: true },
          });
        }
        case 'add-inspiration': {
          const { id } = await seeded();
          return httpEvent('POST', `/status/${id}/attachments`, 'POST /status/{id}/attachments', {
            pathParameters: { id },
            query: await statusQueryOf(id),
            body: { fileName: 'inspiration.jpg', contentType: 'image/jpeg', bytes: 2048 },
          });
        }
        case 'check-upload': {
          // The file is pending and its object not (yet) there: the check reads, finds nothing, and waits for the object's own event.
          const { key } = await seededWithFile('pending');
          return { Records: [{ eventName: 'ObjectCreated:Post', s3: { bucket: { name: 'attachments' }, object: { key, size: 67 } } }] };
        }
        case 'get-attachment': {
          const { id, attachmentId } = await seededWithFile('ready');
          return httpEvent('GET', `/commissions/${id}/attachments/${attachmentId}`, 'GET /commissions/{id}/attachments/{attachmentId}', {
            pathParameters: { id, attachmentId },
            designer: true,
          });
        }
        case 'get-status-attachment': {
          const { id, attachmentId } = await seededWithFile('ready');
          return httpEvent('GET', `/status/${id}/attachments/${attachmentId}`, 'GET /status/{id}/attachments/{attachmentId}', {
            pathParameters: { id, attachmentId },
            query: await statusQueryOf(id),
          });
        }
        default:
          throw new Error(`No init scenario for ${name}: add one to infra/bench/scenarios.ts`);
      }
    },
  };
}
