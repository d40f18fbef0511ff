/**
 * `npm start`'s stack, wired together: real handlers behind the local gateway, the workflow on the
 * local Step Functions, dynalite and the outbox — and a restart that carries a waiting commission
 * over. (The product's stories are the end-to-end tests' business; this pins the wiring.)
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../infra/local/start.ts';
import { mintDesignerToken } from '../../infra/local/designer-token.ts';
import { uniqueEmail, type OutboxEmail } from '../support/local-env.ts';
import { confirmFromOutbox } from '../support/outbox.ts';

const stacks: LocalStack[] = [];
afterAll(async () => {
  await Promise.all(stacks.map((stack) => stack.close()));
});

async function start(options: Parameters<typeof startLocalStack>[0]) {
  const stack = await startLocalStack({ log: () => {}, ...options });
  stacks.push(stack);
  return stack;
}

function port(url: string): number {
  return Number(new URL(url).port);
}

async function emailsTo(stack: LocalStack, address: string): Promise<OutboxEmail[]> {
  const { emails } = (await (await fetch(`${stack.sesUrl}/store`)).json()) as { emails: OutboxEmail[] };
  return emails.filter((email) => email.destination.to.includes(address));
}

describe('the local stack', () => {
  it('runs an enquiry into the workflow and carries it over a restart', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'local-stack-'));
    const first = await start({ port: 0, sesPort: 0, sfnPort: 0, stateDir });
    for (const url of [first.apiUrl, first.sesUrl, first.sfnUrl, first.dynamoUrl]) expect(port(url)).toBeGreaterThan(0);
    expect(first.issuer).toBe(`http://localhost:${port(first.apiUrl)}/local-identity`);
    expect(JSON.parse(await readFile(join(stateDir, 'identity.json'), 'utf8')).issuer).toBe(first.issuer);

    const health = await fetch(`${first.apiUrl}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });

    const customer = uniqueEmail('ana');
    const created = await fetch(`${first.apiUrl}/commissions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        customer: { name: 'Ana Lima', email: customer },
        piece: { kind: 'engagement-ring', description: 'Solitaire, low setting' },
        metal: { scheme: 'fairtrade', metal: 'gold' },
        consent: true,
      }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    // The customer confirms through the emailed link: the workflow starts.
    expect((await confirmFromOutbox(first.sesUrl, customer)).status).toBe(303);
    // Execution name = commission id (rule 1).
    const waiting = await first.stepFunctions.waitForCallbackTask(id);
    expect(waiting.statesEntered).toMatchObject({ EnterStage: 1, AwaitDesignerDecision: 1 });
    // The confirmation, and the workflow's acknowledgement.
    expect((await emailsTo(first, customer)).map((email) => email.subject)).toHaveLength(2);

    // Handlers keep the clients they built at first import, so a restart in one process reuses the ports.
    await first.close();
    const second = await start({
      port: port(first.apiUrl),
      sesPort: port(first.sesUrl),
      sfnPort: port(first.sfnUrl),
      dynamoPort: port(first.dynamoUrl),
      stateDir,
    });
    const resumed = await second.stepFunctions.waitForCallbackTask(id);
    expect(resumed.runs).toBe(2);

    const token = await mintDesignerToken({ stateDir });
    const decided = await fetch(`${second.apiUrl}/commissions/${id}/decisions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ stage: 'ENQUIRY', decision: 'approve', details: {} }),
    });
    expect(decided.status).toBe(202);
    const design = await second.stepFunctions.waitForCallbackTask(id, { count: 2 });
    expect(design.status).toBe('RUNNING');
    const record = (await (await fetch(`${second.apiUrl}/commissions/${id}`, { headers: { Authorization: `Bearer ${token}` } })).json()) as {
      stage: string;
    };
    expect(record.stage).toBe('DESIGN');

    // The registry of certified origins was seeded at start (and seeded again on restart, harmlessly).
    const origins = (await (await fetch(`${second.apiUrl}/origins`, { headers: { Authorization: `Bearer ${token}` } })).json()) as {
      items: { name: string; addedBy: string }[];
    };
    expect(origins.items.filter((o) => o.name === 'SOTRAMI')).toEqual([expect.objectContaining({ addedBy: 'seed' })]);
  });
});
