/**
 * Provenance end to end, through the deployed workflow definition and the real handlers: a piece
 * completed with sourced metal earns a public certificate, linked from the customer's last email,
 * whose wording follows the studio's licences and the lot's traceability. Licence dates are
 * computed from today, so no date here can break the suite on a later day.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeFunction } from '../../infra/local/lambda-context.ts';
import { documentClient } from '#adapters/dynamo';
import { StudioLicenceStore } from '#adapters/studio-licences';
import { api, dayFromToday, designer, verifyOriginForSourcing } from '../support/api.ts';
import { approvals, enquiry } from '../support/fixtures.ts';
import { uniqueEmail } from '../support/local-env.ts';
import { payBefore } from '../support/payments.ts';
import { startWorkflowHarness } from '../support/workflow-harness.ts';

let harness: Awaited<ReturnType<typeof startWorkflowHarness>>;
beforeAll(async () => {
  harness = await startWorkflowHarness();
});
afterAll(() => harness?.close());

/** The certificate id in a customer email's link (PUBLIC_BASE_URL is https://commissions.test in tests). */
const certificateLink = (text: string | undefined) => /https:\/\/commissions\.test\/provenance\/([A-Za-z0-9_-]{22})/.exec(text ?? '');

const FAIRTRADE_LICENSEE = { fairtrade: { kind: 'licensee', reference: 'FT-LIC-0001', validUntil: dayFromToday(365) } };

async function licences(body: unknown) {
  const answer = await api.putLicences(body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
}

/** Approves every stage with the fixture's details, SOURCING and MAKING overridden (replaced for another scheme). */
async function complete(id: string, sourcing: Record<string, unknown>, making: Record<string, unknown> = {}) {
  for (const stage of ['ENQUIRY', 'DESIGN', 'SOURCING', 'MAKING', 'DELIVERY'] as const) {
    await harness.awaitingDecision(id, stage);
    const details =
      stage === 'SOURCING'
        ? typeof sourcing.scheme === 'string' && !['fairtrade', 'fairmined', 'fairmined-ecological'].includes(sourcing.scheme)
          ? sourcing
          : { ...approvals.SOURCING, ...sourcing }
        : stage === 'MAKING'
          ? { ...approvals.MAKING, ...making }
          : approvals[stage];
    if (stage === 'DESIGN') {
      await harness.signOffDesign(id);
      continue;
    }
    await payBefore(id, stage);
    const answer = await api.decide(id, { stage, decision: 'approve', details }, designer());
    expect(answer.status, `${stage}: ${JSON.stringify(answer.body)}`).toBe(202);
  }
  await harness.stepFunctions.waitForExecution(id, 'SUCCEEDED');
}

/** The customer's last email and the certificate page it links. */
async function certificateOf(email: string) {
  const last = (await harness.emailsTo(email)).at(-1)!;
  const link = certificateLink(last.body.text);
  expect(link, last.body.text).not.toBeNull();
  const page = await api.provenance(link![1]!);
  expect(page.status).toBe(200);
  return { last, link: link!, page: page.body as string };
}

/** Submits an enquiry and approves it up to MAKING; answers the commission id. */
async function atMaking(email: string, sourcing: Record<string, unknown> = {}) {
  const { id } = (await api.enquire(enquiry({ email }))).body;
  for (const stage of ['ENQUIRY', 'DESIGN', 'SOURCING'] as const) {
    await harness.awaitingDecision(id, stage);
    const details = stage === 'SOURCING' ? { ...approvals.SOURCING, ...sourcing } : approvals[stage];
    if (stage === 'DESIGN') await harness.signOffDesign(id);
    else {
      await payBefore(id, stage);
      expect((await api.decide(id, { stage, decision: 'approve', details })).status).toBe(202);
    }
  }
  await harness.awaitingDecision(id, 'MAKING');
  return id;
}

describe('a studio with no licence', () => {
  it('refuses schemeMark: true at MAKING, naming details.schemeMark', async () => {
    await licences({});
    const id = await atMaking(uniqueEmail('nolicence'));
    const answer = await api.decide(id, { stage: 'MAKING', decision: 'approve', details: { ...approvals.MAKING, schemeMark: true } });
    expect(answer.status).toBe(400);
    expect(answer.body.error.fields).toEqual([{ path: 'details.schemeMark', message: expect.stringMatching(/licensee/) }]);
  });

  it('completes with general statements only: no scheme mark, no licensee claim, no named mine, no premium', async () => {
    await licences({});
    const email = uniqueEmail('ana');
    const { id } = (await api.enquire(enquiry({ email }))).body;
    await complete(id, { supplier: 'Refiner <script>alert(1)</script> & Co' });
    expect((await api.get(id)).body.sourcing).toMatchObject({ standing: { kind: 'none' }, traceability: 'physical', origin: { id: 'sotrami-peru' } });
    const { last, link, page } = await certificateOf(email);
    expect(last.subject).toMatch(/^Your piece is on its way/);
    for (const text of [page, last.body.text]) {
      expect(text).not.toMatch(/FAIRTRADE Mark|stamped|licensee|SOTRAMI|Santa Filomena|Premium/);
    }
    expect(page).toContain('Gold from artisanal and small-scale mining');
    expect(last.body.html).toContain(`href="${link[0]}"`);
    // Customer text is escaped; nothing personal or secret is on a public page.
    expect(page).toContain('Refiner &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co');
    expect(page).not.toContain('<script>');
    expect(page).not.toContain(email);
    expect(page).not.toContain('Ana Lima');
    expect(page).not.toContain('rosa@studio.test');
    expect(page).not.toMatch(/taskToken|task token/i);
    expect(page).not.toContain(id);

    // A retried EnterStage (Step Functions retries tasks) issues nothing new and sends nothing twice.
    const mailCount = (await harness.emailsTo(email)).length;
    await invokeFunction('enter-stage', { schemaVersion: 1, commissionId: id });
    expect((await api.get(id)).body.certificateId).toBe(link[1]);
    expect((await harness.emailsTo(email)).length).toBe(mailCount);
  });
});

describe('a Fairtrade licensee', () => {
  it('with physical traceability and the mark struck: names the mark, the mine and the estimated premium', async () => {
    await licences(FAIRTRADE_LICENSEE);
    const email = uniqueEmail('mo');
    const { id } = (await api.enquire(enquiry({ email }))).body;
    await complete(id, {}, { schemeMark: true, stones: [{ type: 'diamond', origin: 'lab-grown', caratWeight: 0.5 }] });
    expect((await api.get(id)).body).toMatchObject({
      sourcing: { standing: { kind: 'licensee', reference: 'FT-LIC-0001' } },
      making: { schemeMark: true, standing: { kind: 'licensee' } },
    });
    const { last, page } = await certificateOf(email);
    for (const shown of [
      'Fairtrade gold, stamped with the FAIRTRADE Mark',
      'SOTRAMI, Santa Filomena, Ayacucho, Peru',
      "Estimated share of the Fairtrade Premium paid upstream to the miners&#39;",
      'USD 6.30',
      'USD 2,000 per kg of fine metal',
      'LOT-0042',
      '18ct Fairtrade gold (fineness 750)',
      'Birmingham Assay Office',
      'Sponsor’s mark</th><td>RL',
      'Lab-grown diamond',
    ]) {
      expect(page, shown).toContain(shown);
    }
    expect(last.body.text).toContain('SOTRAMI, Santa Filomena, Ayacucho, Peru');
    expect(`${page} ${last.body.text}`).not.toMatch(/paid by (you|the customer)/i);
  });

  it('with mass balance: no mine named, and schemeMark refused', async () => {
    await licences(FAIRTRADE_LICENSEE);
    const refused = await atMaking(uniqueEmail('mb'), { traceability: 'mass-balance' });
    const answer = await api.decide(refused, { stage: 'MAKING', decision: 'approve', details: { ...approvals.MAKING, schemeMark: true } });
    expect(answer.status).toBe(400);
    expect(answer.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['details.schemeMark']);

    const email = uniqueEmail('massbalance');
    const { id } = (await api.enquire(enquiry({ email }))).body;
    await complete(id, { traceability: 'mass-balance' });
    const { last, page } = await certificateOf(email);
    expect(page).toMatch(/cannot be traced to one mine/);
    for (const text of [page, last.body.text]) expect(text).not.toMatch(/SOTRAMI|Santa Filomena|FAIRTRADE Mark/);
  });
});

describe('a customer-own commission', () => {
  it('completes with a certificate that names no mine and no premium', async () => {
    await licences(FAIRTRADE_LICENSEE);
    const email = uniqueEmail('heirloom');
    const { id, ...rest } = (await api.enquire(enquiry({ email, scheme: 'customer-own' }))).body;
    expect(id, JSON.stringify(rest)).toBeDefined();
    await complete(id, {
      scheme: 'customer-own',
      metal: 'gold',
      fineness: '18ct',
      weightGrams: 6.1,
      assay: { reference: 'ASSAY-77', assayedBy: 'Birmingham Assay Office' },
    });
    const { sourcing } = (await api.get(id)).body;
    expect(sourcing).toMatchObject({ scheme: 'customer-own', premium: { method: 'none' } });
    expect(sourcing).not.toHaveProperty('origin');
    const { page } = await certificateOf(email);
    expect(page).toContain('Made from your own gold');
    expect(page).toContain('weighed on receipt (6.1 g)');
    // It says no premium applies; it shows no premium line and no amount.
    expect(page).toContain('no miners&#39; premium applies');
    for (const word of ['SOTRAMI', 'Mined by', 'Premium', 'USD']) expect(page, word).not.toContain(word);
  });
});

describe('a Fairmined Ecological piece', () => {
  it('can be sourced from XAMODX, Mongolia, once verified, with the ecological premium', async () => {
    await licences({ fairmined: { kind: 'licensee', reference: 'FM-LIC-1', validUntil: dayFromToday(365) } });
    await verifyOriginForSourcing('xamodx-mongolia', 'fairmined-ecological');
    const email = uniqueEmail('bat');
    const { id } = (await api.enquire(enquiry({ email, scheme: 'fairmined-ecological', fineness: '22ct' }))).body;
    await complete(
      id,
      { scheme: 'fairmined-ecological', fineness: '22ct', weightGrams: 5, origin: { name: 'xamodx', country: 'Mongolia' } },
      { hallmark: { sponsorMark: 'RL', assayOffice: 'london', finenessMark: '916' } },
    );
    const { sourcing } = (await api.get(id)).body;
    // 5 g × 91.6% = 4.58 g fine × USD 6,000/kg = USD 27.48
    expect(sourcing).toMatchObject({
      origin: { id: 'xamodx-mongolia', name: 'XAMODX', region: 'Bayan-Ovoo soum, Bayankhongor aimag', certifier: 'IMO Swiss AG (ARM-recognised certifier)' },
      premium: { fineGrams: 4.58, amountUsd: 27.48, method: 'estimate' },
      standing: { kind: 'licensee', reference: 'FM-LIC-1' },
    });
    const { page } = await certificateOf(email);
    expect(page).toContain('Made with Fairmined Ecological gold');
    expect(page).toContain('Bayan-Ovoo');
    expect(page).toContain('USD 27.48');
  });
});

describe('a registered goldsmith', () => {
  it("sees this year's sourced Fairtrade weight against the cap; a note whose approval did not stand counts nothing", async () => {
    await licences({ fairtrade: { kind: 'registered-goldsmith', reference: 'GRS-9', validUntil: dayFromToday(365) } });
    const before = (await api.getLicences()).body.fairtradeThisYear.metals.find((m: { metal: string }) => m.metal === 'gold').grams as number;
    await atMaking(uniqueEmail('grs'), { weightGrams: 12.5 });
    const answer = await api.getLicences();
    expect(answer.status).toBe(200);
    expect(answer.body.licences.fairtrade.kind).toBe('registered-goldsmith');
    expect(answer.body.fairtradeThisYear.year).toBe(new Date().getUTCFullYear());
    const gold = answer.body.fairtradeThisYear.metals.find((m: { metal: string }) => m.metal === 'gold');
    expect(gold).toEqual({ metal: 'gold', grams: Math.round((before + 12.5) * 1000) / 1000, capGrams: 500, remainingGrams: Math.round((500 - before - 12.5) * 1000) / 1000 });

    // A claim that lost, or an approval taken back, leaves its note but no sourcing on the record.
    const notApproved = (await api.enquire(enquiry())).body.id as string;
    await new StudioLicenceStore(documentClient(), harness.tableName).note(notApproved, new Date().getUTCFullYear());
    const after = (await api.getLicences()).body.fairtradeThisYear.metals.find((m: { metal: string }) => m.metal === 'gold');
    expect(after.grams).toBe(gold.grams);
  });
});

describe('GET /provenance/{id}', () => {
  it('answers an HTML 404 for unknown, guessed or malformed ids — including a commission id', async () => {
    const { id: commissionId } = (await api.enquire(enquiry())).body;
    for (const guess of ['AAAAAAAAAAAAAAAAAAAAAA', 'not-a-certificate', commissionId, '../../etc/passwd', '']) {
      const answer = await api.provenance(guess);
      expect(answer.status, guess).toBe(404);
      expect(answer.headers['content-type'], guess).toMatch(/^text\/html/);
      expect(answer.body, guess).toContain('Certificate not found');
    }
  });
});
