/**
 * Issue 3 item 6: a corpus of hostile requests against every route of the running local stack
 * (gateway, authorizer, handlers, dynalite, workflow, outbox). Every one gets a 4xx in the right
 * shape, none a 5xx; nothing is stored or started; markup in valid free text never reaches an
 * email unescaped.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '#adapters/dynamo';
import { isCommissionRecord } from '#adapters/table-keys';
import { mintDesignerToken } from '../../infra/local/designer-token.ts';
import { startLocalStack, type LocalStack } from '../../infra/local/start.ts';
import { eventually } from '../support/api.ts';
import { enquiry } from '../support/fixtures.ts';
import { uniqueEmail, type OutboxEmail } from '../support/local-env.ts';
import { confirmFromOutbox } from '../support/outbox.ts';
import { hostileRequests, markupEnquiries, type Caller } from './hostile-corpus.ts';

let stack: LocalStack;
let tokens: Record<Caller, string | undefined>;
let id: string;

beforeAll(async () => {
  const stateDir = await mkdtemp(join(tmpdir(), 'hostile-'));
  stack = await startLocalStack({ port: 0, sesPort: 0, sfnPort: 0, stateDir, log: () => {} });
  const designer = await mintDesignerToken({ stateDir });
  const [header, payload, signature] = designer.split('.') as [string, string, string];
  const otherClaims = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), 'cognito:groups': ['designers', 'admins'] })).toString('base64url');
  tokens = {
    public: undefined,
    designer,
    stranger: await mintDesignerToken({ stateDir, email: 'visitor@example.com', groups: ['customers'] }),
    expired: await mintDesignerToken({ stateDir, expiresIn: '1 hour ago' }),
    forged: `${header}.${otherClaims}.${signature}`,
  };
  const email = uniqueEmail('hostile');
  const created = await fetch(`${stack.apiUrl}/commissions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(enquiry({ email })) });
  id = ((await created.json()) as { id: string }).id;
  await confirmFromOutbox(stack.sesUrl, email);
  await stack.stepFunctions.waitForCallbackTask(id);
});
afterAll(() => stack?.close());

const commissionItems = async () => {
  const { Items = [] } = await documentClient().send(new ScanCommand({ TableName: process.env.TABLE_NAME }));
  return Items.filter(isCommissionRecord);
};

describe('a hostile corpus', () => {
  it(`answers all ${hostileRequests.length} requests with the expected 4xx and the error shape, stores nothing`, async () => {
    expect(hostileRequests.length).toBeGreaterThanOrEqual(50);
    const itemsBefore = await commissionItems();
    const executionsBefore = stack.stepFunctions.executionRecords().length;
    const recordBefore = itemsBefore.find((item) => item.id === id);
    const results: string[] = [];

    for (const request of hostileRequests) {
      const token = tokens[request.caller ?? 'public'];
      const response = await fetch(`${stack.apiUrl}${request.path.replace('{id}', id)}`, {
        method: request.method,
        headers: { ...(request.headers ?? {}), ...(token && { authorization: `Bearer ${token}` }) },
        ...(request.body !== undefined && { body: typeof request.body === 'string' ? request.body : JSON.stringify(request.body) }),
      });
      const text = await response.text();
      const type = response.headers.get('content-type') ?? '';
      const body = type.startsWith('application/json') && text ? JSON.parse(text) : undefined;
      const fromGateway = (response.status === 401 || response.status === 404) && typeof body?.message === 'string';
      const shaped = typeof body?.error?.code === 'string' && typeof body?.error?.message === 'string';
      // A page for people refuses in HTML or text, and never echoes markup it was sent.
      const pageRefusal = request.page === true && /^text\/(html|plain)/.test(type) && !/<script>alert/.test(text);
      if (response.status !== request.status || !(fromGateway || shaped || pageRefusal) || /\bat \S+:\d+|\.ts:\d+/.test(text)) {
        results.push(`${request.name}: ${response.status} ${text.slice(0, 200)}`);
      }
    }
    expect(results).toEqual([]);

    const itemsAfter = await commissionItems();
    expect(itemsAfter).toHaveLength(itemsBefore.length);
    expect(itemsAfter.find((item) => item.id === id)).toEqual(recordBefore);
    expect(stack.stepFunctions.executionRecords()).toHaveLength(executionsBefore);
  });

  it('accepts markup in free text as text, and escapes it in every email', async () => {
    for (const body of markupEnquiries) {
      const response = await fetch(`${stack.apiUrl}/commissions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(response.status).toBe(201);
      const { id: markupId } = (await response.json()) as { id: string };
      expect((await confirmFromOutbox(stack.sesUrl, body.customer.email, markupId)).status).toBe(303);
      await stack.stepFunctions.waitForCallbackTask(markupId);
      const mail = await eventually(async () => {
        const { emails } = (await (await fetch(`${stack.sesUrl}/store`)).json()) as { emails: OutboxEmail[] };
        const about = emails.filter((e) => e.destination.to.includes(body.customer.email) || e.body.text?.includes(markupId));
        expect(about.length).toBeGreaterThanOrEqual(3); // the customer's two (confirmation, acknowledgement) and the studio's
        return about;
      });
      for (const email of mail) {
        expect(email.body.html).not.toMatch(/<script|<img|<svg|<b>M/i);
        expect(email.subject).not.toMatch(/[\r\n]/);
      }
      // The acknowledgement greets the customer by name, escaped (the confirmation names nobody).
      expect(mail.find((e) => e.destination.to.includes(body.customer.email) && !/confirm your enquiry/.test(e.subject))?.body.html).toContain('&lt;');
    }
  });
});
