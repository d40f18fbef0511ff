/**
 * Provenance end to end, through the deployed workflow definition and the real handlers: a piece
 * completed with certified metal earns a public certificate, linked from the customer's last email.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeFunction } from '../../infra/local/lambda-context.ts';
import { api, designer, verifyOriginForSourcing } from '../support/api.ts';
import { approvals, enquiry } from '../support/fixtures.ts';
import { uniqueEmail } from '../support/local-env.ts';
import { startWorkflowHarness } from '../support/workflow-harness.ts';

let harness: Awaited<ReturnType<typeof startWorkflowHarness>>;
beforeAll(async () => {
  harness = await startWorkflowHarness();
});
afterAll(() => harness?.close());

/** The certificate id in a customer email's link (PUBLIC_BASE_URL is https://commissions.test in tests). */
const certificateLink = (text: string | undefined) => /https:\/\/commissions\.test\/provenance\/([A-Za-z0-9_-]{22})/.exec(text ?? '');

/** Approves every stage with the fixture's details, SOURCING and MAKING overridden. */
async function complete(id: string, sourcing: Record<string, unknown>, making: Record<string, unknown> = {}) {
  for (const stage of ['ENQUIRY', 'DESIGN', 'SOURCING', 'MAKING', 'DELIVERY'] as const) {
    await harness.awaitingDecision(id, stage);
    const details =
      stage === 'SOURCING' ? { ...approvals.SOURCING, ...sourcing } : stage === 'MAKING' ? { ...approvals.MAKING, ...making } : approvals[stage];
    const answer = await api.decide(id, { stage, decision: 'approve', details }, designer());
    expect(answer.status, `${stage}: ${JSON.stringify(answer.body)}`).toBe(202);
  }
  await harness.stepFunctions.waitForExecution(id, 'SUCCEEDED');
}

describe('a Fairtrade gold piece sourced from SOTRAMI, Peru', () => {
  it('reaches COMPLETED, and the last email links a certificate showing origin, lot and premium', async () => {
    const email = uniqueEmail('ana');
    const { id } = (await api.submit(enquiry({ email }))).body;
    await complete(id, { supplier: 'Refiner <script>alert(1)</script> & Co', lotReference: 'LOT-2026-0042' });
    expect((await api.get(id)).body.stage).toBe('COMPLETED');

    const last = (await harness.emailsTo(email)).at(-1)!;
    expect(last.subject).toMatch(/^Your piece is on its way/);
    expect(last.body.text).toContain('Premium to the miners: USD 6.30');
    expect(last.body.text).toMatch(/made with gold sourced under the Fairtrade scheme from SOTRAMI, Peru/);
    const link = certificateLink(last.body.text);
    expect(link, last.body.text).not.toBeNull();
    expect(last.body.html).toContain(`href="${link![0]}"`);

    const page = await api.provenance(link![1]!);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const text = page.body as string;
    for (const shown of [
      'Made with Fairtrade gold',
      'SOTRAMI',
      'Santa Filomena, Ayacucho',
      'Peru',
      'FLOCERT',
      'LOT-2026-0042',
      '18ct Fairtrade gold (fineness 750)',
      '4.2 g',
      '3.15 g',
      'USD 6.30',
      'USD 2,000 per kg of fine metal',
      'Birmingham Assay Office, 750, maker RL',
      'Certified metal sourced',
      'Delivered',
      `Verification reference:</strong> ${link![1]}`,
      link![0],
    ]) {
      expect(text, shown).toContain(shown);
    }
    // Customer text is escaped; nothing personal or secret is on a public page.
    expect(text).toContain('Refiner &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co');
    expect(text).not.toContain('<script>');
    expect(text).toContain("font-family:Georgia,'Times New Roman',serif"); // our own CSS is not mangled
    expect(text).not.toContain(email);
    expect(text).not.toContain('Ana Lima');
    expect(text).not.toContain('+44 7700 900123');
    expect(text).not.toContain('rosa@studio.test');
    expect(text).not.toMatch(/taskToken|task token/i);
    expect(text).not.toContain(id);

    // A retried EnterStage (Step Functions retries tasks) issues nothing new and sends nothing twice.
    const mailCount = (await harness.emailsTo(email)).length;
    await invokeFunction('enter-stage', { schemaVersion: 1, commissionId: id });
    expect((await api.get(id)).body.certificateId).toBe(link![1]);
    expect((await harness.emailsTo(email)).length).toBe(mailCount);
  });

  it('claims the FAIRTRADE Mark only when the designer recorded that it was struck', async () => {
    const email = uniqueEmail('mo');
    const { id } = (await api.submit(enquiry({ email }))).body;
    await complete(id, {}, { schemeMark: true });
    const link = certificateLink((await harness.emailsTo(email)).at(-1)?.body.text);
    const page = (await api.provenance(link![1]!)).body as string;
    expect(page).toContain('Fairtrade gold, stamped with the FAIRTRADE Mark');
  });
});

describe('a Fairmined Ecological piece', () => {
  it('can be sourced from XAMODX, Mongolia, with the ecological premium', async () => {
    const email = uniqueEmail('bat');
    const { id } = (await api.submit(enquiry({ email, scheme: 'fairmined-ecological', fineness: '22ct' }))).body;
    await verifyOriginForSourcing('xamodx-mongolia', 'fairmined-ecological');
    await complete(id, {
      scheme: 'fairmined-ecological',
      fineness: '22ct',
      weightGrams: 5,
      origin: { name: 'xamodx', country: 'Mongolia' },
    });
    const { sourcing } = (await api.get(id)).body;
    // 5 g × 91.6% = 4.58 g fine × USD 6,000/kg = USD 27.48
    expect(sourcing).toMatchObject({ origin: { name: 'XAMODX', region: 'Bayan-Ovoo soum, Bayankhongor aimag' }, premium: { fineGrams: 4.58, amountUsd: 27.48 } });
    const link = certificateLink((await harness.emailsTo(email)).at(-1)?.body.text);
    const page = (await api.provenance(link![1]!)).body as string;
    expect(page).toContain('Made with Fairmined Ecological gold');
    expect(page).toContain('Bayan-Ovoo');
    expect(page).toContain('USD 27.48');
  });
});

describe('GET /provenance/{id}', () => {
  it('answers an HTML 404 for unknown, guessed or malformed ids — including a commission id', async () => {
    const { id: commissionId } = (await api.submit(enquiry())).body;
    for (const guess of ['AAAAAAAAAAAAAAAAAAAAAA', 'not-a-certificate', commissionId, '../../etc/passwd', '']) {
      const answer = await api.provenance(guess);
      expect(answer.status, guess).toBe(404);
      expect(answer.headers['content-type'], guess).toMatch(/^text\/html/);
      expect(answer.body, guess).toContain('Certificate not found');
    }
  });
});
