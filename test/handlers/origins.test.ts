/**
 * The registry of certified origins over its routes: listing with each certification's status,
 * adding, recording verifications, editing and retiring (with the optimistic lock), the public
 * offer and the enquiries it refuses, seeding (never over a designer's work), the daily
 * certification notices, and approving SOURCING against the registry. Verification dates are
 * computed from today: the handlers read the wall clock, so no literal date may run out.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeFunction } from '../../infra/local/lambda-context.ts';
import { api, dayFromToday, designer, signedInStranger } from '../support/api.ts';
import { approvals, enquiry } from '../support/fixtures.ts';
import { OriginRegistry } from '#adapters/origin-registry';
import { loadOriginSeed } from '#adapters/origin-seed';
import { documentClient } from '#adapters/dynamo';
import { originKey } from '#adapters/table-keys';
import { addDays, addYears } from '#domain/origins';
import { startWorkflowHarness } from '../support/workflow-harness.ts';
import { payBefore } from '../support/payments.ts';

let harness: Awaited<ReturnType<typeof startWorkflowHarness>>;
beforeAll(async () => {
  // Unverified, as a fresh deploy is: this file records the verifications itself.
  harness = await startWorkflowHarness({ unverifiedRegistry: true });
});
afterAll(() => harness?.close());

const newOrigin = (overrides: Record<string, unknown> = {}) => ({
  name: 'Cooperativa Minera Ejemplo',
  country: 'Bolivia',
  region: 'La Paz',
  source: 'Certifier register, checked by the studio',
  certifications: [
    {
      scheme: 'fairmined',
      metals: ['gold', 'silver'],
      certifier: 'IMO Swiss AG (ARM-recognised certifier)',
      firstCertified: '2019-06',
      source: 'fairmined.org certificate list',
    },
  ],
  ...overrides,
});

const verification = (scheme: string, overrides: Record<string, unknown> = {}) => ({
  scheme,
  certificateReference: `CERT-${scheme}`,
  checkedOn: dayFromToday(),
  validUntil: dayFromToday(365),
  ...overrides,
});

type View = { id: string; name: string; version: number; certifications: { scheme: string; status: string; statusReason: string; verification: unknown }[] };
/** How the history and the registry name a designer: the address people know, then the token's sub (the identity). */
const actor = (email: string) => expect.stringMatching(new RegExp(`^${email.replace(/[.]/g, '\\.')} \\([0-9a-f-]{36}\\)$`));
const listed = async (id: string): Promise<View> => (await api.listOrigins()).body.items.find((o: View) => o.id === id);
const statusOf = async (id: string, scheme: string) => (await listed(id)).certifications.find((c) => c.scheme === scheme)!;

/** A commission of `metal` awaiting its SOURCING decision. */
async function awaitingSourcing(metal: { scheme?: string; metal?: string; fineness?: string } = {}) {
  const answer = await api.enquire(enquiry(metal));
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  await harness.approveThrough(answer.body.id, designer(), 0, 2);
  await harness.awaitingDecision(answer.body.id, 'SOURCING');
  await payBefore(answer.body.id, 'SOURCING');
  return answer.body.id as string;
}
const source = (id: string, details: Record<string, unknown>) =>
  api.decide(id, { stage: 'SOURCING', decision: 'approve', details: { ...approvals.SOURCING, ...details } });

describe('approving SOURCING against the registry', () => {
  it('refuses seeded SOTRAMI until a designer records a verification, then approves', async () => {
    const id = await awaitingSourcing();
    const refused = await source(id, { origin: { name: 'SOTRAMI', country: 'Peru' } });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({
      code: 'origin_not_verified',
      fields: [{ path: 'details.origin', message: expect.stringMatching(/SOTRAMI's Fairtrade gold certification is not verified today: Never verified/) }],
    });
    expect((await api.get(id)).body).toMatchObject({ stage: 'SOURCING', awaiting: { stage: 'SOURCING' } });

    const verified = await api.verifyOrigin('sotrami-peru', verification('fairtrade'), designer('ana@studio.test'));
    expect(verified.status).toBe(201);
    expect(verified.body.certifications[0]).toMatchObject({
      scheme: 'fairtrade',
      status: 'verified',
      verification: { certificateReference: 'CERT-fairtrade', checkedBy: actor('ana@studio.test'), checkedOn: dayFromToday(), validUntil: dayFromToday(365) },
    });
    // SOTRAMI's Fairmined certification is still only reported.
    expect(verified.body.certifications[1]).toMatchObject({ scheme: 'fairmined', status: 'unverified' });

    const approved = await source(id, { origin: { name: 'sotrámi ', country: 'PERU' } });
    expect(approved.status, JSON.stringify(approved.body)).toBe(202);
    expect((await api.get(id)).body.sourcing.origin).toMatchObject({ name: 'SOTRAMI', country: 'Peru', region: 'Santa Filomena, Ayacucho', certifier: 'FLOCERT' });
  });

  it('refuses San Luis as lapsed even with a verification recorded', async () => {
    const recorded = await api.verifyOrigin('san-luis-peru', verification('fairmined'));
    expect(recorded.status).toBe(201);
    expect(recorded.body.certifications[0]).toMatchObject({ status: 'lapsed', statusReason: expect.stringMatching(/ended it on 2020-03-31/) });
    const id = await awaitingSourcing({ scheme: 'fairmined' });
    const refused = await source(id, { scheme: 'fairmined', origin: { name: 'San Luis', country: 'Peru' } });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'certification_lapsed', fields: [{ path: 'details.origin' }] });
  });

  it('refuses an origin not registered, or not certified for the scheme and metal', async () => {
    const id = await awaitingSourcing();
    for (const origin of [{ name: 'Mina Desconocida', country: 'Peru' }, { name: 'SOTRAMI', country: 'Bolivia' }, { name: 'Mina Chede', country: 'Colombia' }]) {
      const answer = await source(id, { origin });
      expect(answer.status, JSON.stringify(origin)).toBe(400);
      expect(answer.body.error, JSON.stringify(origin)).toMatchObject({ code: 'origin_not_verified', fields: [{ path: 'details.origin' }] });
    }
  });
});

describe('GET /origins', () => {
  it('lists the seeded registry with stable ids, sources, and each certification’s status', async () => {
    const answer = await api.listOrigins();
    expect(answer.status).toBe(200);
    const byId = (id: string) => answer.body.items.find((o: { id: string }) => o.id === id);
    expect(byId('macdesa-peru')).toMatchObject({
      name: 'MACDESA',
      region: 'Caravelí, Arequipa',
      addedBy: 'seed',
      certifications: [
        { scheme: 'fairtrade', certifier: 'FLOCERT', firstCertified: '2015', verification: null, status: 'unverified', statusReason: 'Never verified against a current certificate' },
        { scheme: 'fairmined', status: 'unverified' },
      ],
    });
    expect(byId('san-luis-peru').certifications[0]).toMatchObject({ status: 'lapsed' });
    expect(answer.body.items.map((o: { id: string }) => o.id)).toEqual(expect.arrayContaining(['xamodx-mongolia', 'iquira-colombia', '15-de-agosto-bolivia']));
    expect(answer.body.items[0]).not.toHaveProperty('pk');
  });

  it('is refused without a designer: 401 without claims, 403 outside the designers group', async () => {
    expect((await api.listOrigins({})).status).toBe(401);
    expect((await api.listOrigins(signedInStranger)).status).toBe(403);
  });
});

describe('POST /origins', () => {
  it('adds an origin, unverified, with an id from its name and country, named after who added it', async () => {
    const added = await api.addOrigin(newOrigin({ name: 'Mina Nueva' }), designer('rosa@studio.test'));
    expect(added).toMatchObject({
      status: 201,
      body: { id: 'mina-nueva-bolivia', name: 'Mina Nueva', version: 1, addedBy: actor('rosa@studio.test'), certifications: [{ status: 'unverified', verification: null }] },
    });
    expect(await listed('mina-nueva-bolivia')).toMatchObject({ name: 'Mina Nueva' });
  });

  it('answers 409 for a name already registered in that country, whatever its case and accents, or a taken id', async () => {
    expect((await api.addOrigin(newOrigin({ name: 'Dúplica' }))).status).toBe(201);
    const again = await api.addOrigin(newOrigin({ name: '  DUPLICA ' }));
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('origin_exists');
    expect((await api.addOrigin(newOrigin({ name: 'sotrami', country: 'Peru' }))).status).toBe(409);
    expect((await api.addOrigin(newOrigin({ name: 'Otra Mina', id: 'sotrami-peru' }))).status).toBe(409);
  });

  it('refuses an invalid origin with 400 and the fields that are wrong', async () => {
    const certification = newOrigin().certifications[0]!;
    const answer = await api.addOrigin(
      newOrigin({
        country: '',
        extra: true,
        id: 'Not An Id',
        certifications: [{ ...certification, scheme: 'organic', metals: [], firstCertified: 'May 2011', validUntil: '2099-12-31' }],
      }),
    );
    expect(answer.status).toBe(400);
    const paths = answer.body.error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining(['country', 'extra', 'id', 'certifications.0.scheme', 'certifications.0.metals', 'certifications.0.firstCertified', 'certifications.0.validUntil']),
    );
    const twice = await api.addOrigin(newOrigin({ certifications: [certification, certification] }));
    expect(twice.status).toBe(400);
    expect(twice.body.error.fields).toEqual([{ path: 'certifications', message: expect.stringMatching(/One certification per scheme/) }]);
  });

  it('is refused without a designer', async () => {
    expect((await api.addOrigin(newOrigin(), {})).status).toBe(401);
    expect((await api.addOrigin(newOrigin(), signedInStranger)).status).toBe(403);
  });
});

describe('POST /origins/{originId}/verifications', () => {
  it('records a check, and the same check again answers the same without a new version', async () => {
    const origin = (await api.addOrigin(newOrigin({ name: 'Mina Verificada' }))).body;
    const first = await api.verifyOrigin(origin.id, verification('fairmined'));
    expect(first).toMatchObject({ status: 201, body: { version: 2, certifications: [{ status: 'verified' }] } });
    const again = await api.verifyOrigin(origin.id, verification('fairmined'));
    expect(again).toMatchObject({ status: 201, body: { version: 2, certifications: [{ status: 'verified' }] } });
  });

  it('refuses an unknown origin (404), a scheme it does not hold, a check in the future, and a certificate not valid today', async () => {
    expect((await api.verifyOrigin('no-such-origin', verification('fairmined'))).status).toBe(404);
    const refusals: [Record<string, unknown>, string][] = [
      [verification('fairtrade'), 'scheme'],
      [verification('fairmined', { checkedOn: dayFromToday(1) }), 'checkedOn'],
      [verification('fairmined', { checkedOn: dayFromToday(-10), validUntil: dayFromToday(-11) }), 'validUntil'],
      [verification('fairmined', { checkedOn: dayFromToday(-400), validUntil: dayFromToday(-1) }), 'validUntil'],
      [verification('fairmined', { checkedOn: 'yesterday', extra: 1 }), 'checkedOn'],
    ];
    for (const [body, path] of refusals) {
      const answer = await api.verifyOrigin('mina-nueva-bolivia', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.fields.map((f: { path: string }) => f.path), JSON.stringify(body)).toContain(path);
    }
    expect((await statusOf('mina-nueva-bolivia', 'fairmined')).status).toBe('unverified');
  });

  it('is refused without a designer', async () => {
    expect((await api.verifyOrigin('mina-nueva-bolivia', verification('fairmined'), {})).status).toBe(401);
    expect((await api.verifyOrigin('mina-nueva-bolivia', verification('fairmined'), signedInStranger)).status).toBe(403);
  });
});

describe('PATCH /origins/{originId}', () => {
  it('edits with the optimistic lock, retires, and then takes no further change', async () => {
    const origin = (await api.addOrigin(newOrigin({ name: 'Mina Editada' }))).body;
    expect(origin.version).toBe(1);
    const edited = await api.editOrigin(origin.id, { region: 'Potosí' }, designer('ana@studio.test'), { 'if-match': '"1"' });
    expect(edited).toMatchObject({ status: 200, body: { region: 'Potosí', version: 2, editedBy: actor('ana@studio.test') } });
    expect(edited.headers.etag).toBe('"2"');

    // An edit made on version 1 would undo the one above: refused.
    const stale = await api.editOrigin(origin.id, { region: 'Oruro' }, designer(), { 'if-match': '"1"' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('edit_conflict');

    const retired = await api.editOrigin(origin.id, { retired: true, note: 'Certificate withdrawn' }, designer(), { 'if-match': '"2"' });
    expect(retired).toMatchObject({ status: 200, body: { retired: { by: actor('rosa@studio.test'), note: 'Certificate withdrawn' }, certifications: [{ status: 'retired' }] } });
    const again = await api.editOrigin(origin.id, { retired: true, note: 'Again' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('origin_retired');
    expect((await api.verifyOrigin(origin.id, verification('fairmined'))).body.error.code).toBe('origin_retired');
  });

  it('refuses an unknown origin, an empty or invalid edit, and a malformed If-Match', async () => {
    expect((await api.editOrigin('no-such-origin', { region: 'x' })).status).toBe(404);
    const empty = await api.editOrigin('mina-nueva-bolivia', {});
    expect(empty.status).toBe(400);
    const invalid = await api.editOrigin('mina-nueva-bolivia', { region: 'x', name: 'Renamed' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.fields).toEqual([{ path: 'name', message: 'Unknown field' }]);
    const noNote = await api.editOrigin('mina-nueva-bolivia', { retired: true });
    expect(noNote.body.error.fields).toEqual([{ path: 'note', message: expect.any(String) }]);
    expect((await api.editOrigin('mina-nueva-bolivia', { region: 'x' }, designer(), { 'if-match': 'soon' })).body.error.fields).toEqual([
      { path: 'If-Match', message: expect.any(String) },
    ]);
    expect((await api.editOrigin('mina-nueva-bolivia', { region: 'x' }, signedInStranger)).status).toBe(403);
  });
});

describe('GET /offer and the enquiries it refuses', () => {
  it('offers what the registry can source, to anyone: no platinum', async () => {
    const offer = await api.offer();
    expect(offer.status).toBe(200);
    const pairs = offer.body.items.map((i: { scheme: string; metal: string }) => `${i.scheme} ${i.metal}`);
    expect(pairs).toEqual(expect.arrayContaining(['fairtrade gold', 'fairmined gold', 'fairmined silver', 'fairmined-ecological gold', 'recycled gold', 'customer-own silver']));
    expect(pairs.filter((p: string) => p.includes('platinum'))).toEqual([]);
    expect(offer.body.items[0]).toEqual({ scheme: 'fairtrade', metal: 'gold', finenesses: ['9ct', '14ct', '18ct', '22ct'] });
  });

  it('refuses an enquiry for platinum, or for a pair no origin holds, with 400 naming metal', async () => {
    for (const metal of [{ scheme: 'fairmined', metal: 'platinum', fineness: '950' }, { scheme: 'fairtrade', metal: 'silver', fineness: '925' }]) {
      const email = `offer-${metal.metal}@example.com`;
      const answer = await api.submit(enquiry({ ...metal, email }));
      expect(answer.status, JSON.stringify(metal)).toBe(400);
      expect(answer.body.error.fields).toEqual([{ path: 'metal', message: expect.stringMatching(/cannot source/) }]);
      expect(await harness.emailsTo(email)).toEqual([]);
    }
  });
});

describe('seeding the registry (on deploy, at npm start)', () => {
  it('is idempotent, updates only what an older seed wrote, never a designer’s edit, and keeps verifications', async () => {
    const registry = new OriginRegistry(documentClient(), harness.tableName);
    const seed = loadOriginSeed();
    // The table was seeded when the harness started: the same seed again changes nothing.
    expect(await registry.seed(seed, new Date())).toEqual({ added: 0, updated: 0, kept: seed.origins.length });

    // A designer corrects Mina Chede; SOTRAMI was verified above.
    expect((await api.editOrigin('mina-chede-colombia', { region: 'El Tambo, Cauca (checked)' })).status).toBe(200);
    const sotramiBefore = await listed('sotrami-peru');
    const corrected = {
      seedVersion: seed.seedVersion + 1,
      origins: seed.origins
        .filter((o) => ['mina-chede-colombia', 'sotrami-peru', '15-de-agosto-bolivia'].includes(o.id))
        .map((o) => ({ ...o, region: 'Corrected by the seed' })),
    };
    expect(await registry.seed(corrected, new Date())).toEqual({ added: 0, updated: 1, kept: 2 });
    expect(await listed('15-de-agosto-bolivia')).toMatchObject({ region: 'Corrected by the seed', seedVersion: corrected.seedVersion, version: 2 });
    expect(await listed('mina-chede-colombia')).toMatchObject({ region: 'El Tambo, Cauca (checked)', seedVersion: seed.seedVersion });
    expect(await listed('sotrami-peru')).toEqual(sotramiBefore);
    expect((await statusOf('sotrami-peru', 'fairtrade')).status).toBe('verified');
  });

  it('reads items written before ids and verifications, and updates a seeded one in place', async () => {
    const db = documentClient();
    const legacy = (name: string, addedBy: string) => ({
      ...originKey(name, 'Peru'),
      name,
      country: 'Peru',
      source: 'first seed',
      certifications: [{ scheme: 'fairmined', metals: ['gold'], certifier: 'Alliance for Responsible Mining (ARM)', validFrom: '2014-01-01', validUntil: dayFromToday(365), source: 'x' }],
      addedBy,
      addedAt: '2026-01-01T00:00:00.000Z',
      ...(addedBy === 'seed' && { seedVersion: 1 }),
    });
    for (const item of [legacy('Mina Antigua', 'seed'), legacy('Mina De Rosa', 'rosa@studio.test')]) {
      await db.send(new PutCommand({ TableName: harness.tableName, Item: item }));
    }
    // Its placeholder dates are ignored (this one still "valid" for a year): unverified, whatever they said.
    expect(await listed('mina-antigua-peru')).toMatchObject({ version: 0, certifications: [{ status: 'unverified', verification: null }] });
    expect((await listed('mina-antigua-peru')).certifications[0]).not.toHaveProperty('validUntil');

    const registry = new OriginRegistry(db, harness.tableName);
    const seeded = { id: 'mina-antigua-peru', name: 'Mina Antigua', country: 'Peru', source: 'second seed', certifications: [{ scheme: 'fairmined' as const, metals: ['gold' as const], certifier: 'an ARM-recognised certification body (not named in the source)', source: 'y' }] };
    const mine = { ...seeded, id: 'mina-de-rosa-peru', name: 'Mina De Rosa' };
    expect(await registry.seed({ seedVersion: 9, origins: [seeded, mine] }, new Date())).toEqual({ added: 0, updated: 1, kept: 1 });
    expect(await listed('mina-antigua-peru')).toMatchObject({ source: 'second seed', version: 1, seedVersion: 9 });
    expect(await listed('mina-de-rosa-peru')).toMatchObject({ source: 'first seed', addedBy: 'rosa@studio.test' });

    // A designer's edit of an old item takes the lock from version 0.
    const edited = await api.editOrigin('mina-de-rosa-peru', { region: 'Puno' }, designer(), { 'if-match': '"0"' });
    expect(edited).toMatchObject({ status: 200, body: { region: 'Puno', version: 1 } });
  });
});

describe('check-certifications (daily)', () => {
  it('emails the studio once per verification and reason, 60 days ahead, however often it runs', async () => {
    const runningOut = (await api.addOrigin(newOrigin({ name: 'Mina Por Vencer' }))).body;
    const oldCheck = (await api.addOrigin(newOrigin({ name: 'Mina Revisada' }))).body;
    const quiet = (await api.addOrigin(newOrigin({ name: 'Mina Tranquila' }))).body;
    expect((await api.verifyOrigin(runningOut.id, verification('fairmined', { validUntil: dayFromToday(30) }))).status).toBe(201);
    expect((await api.verifyOrigin(oldCheck.id, verification('fairmined', { checkedOn: dayFromToday(-320) }))).status).toBe(201);
    expect((await api.verifyOrigin(quiet.id, verification('fairmined'))).status).toBe(201);

    const noticesFor = async (name: string) => (await harness.emailsTo('studio@studio.test')).filter((m) => m.subject.includes(name));
    await invokeFunction('check-certifications', {});
    const expiring = await noticesFor('Mina Por Vencer');
    expect(expiring.map((m) => m.subject)).toEqual([`Check Mina Por Vencer's Fairmined certificate by ${dayFromToday(30)}`]);
    expect(expiring[0]!.body.text).toMatch(/Certificate CERT-fairmined of Mina Por Vencer \(Bolivia\) is valid until/);
    expect((await noticesFor('Mina Revisada')).map((m) => m.subject)).toEqual([
      // The check counts for 12 calendar months (a leap day in between makes it 366 days).
      `Check Mina Revisada's Fairmined certificate by ${addDays(addYears(dayFromToday(-320), 1), -1)}`,
    ]);
    expect(await noticesFor('Mina Tranquila')).toEqual([]);

    await invokeFunction('check-certifications', {});
    expect(await noticesFor('Mina Por Vencer')).toHaveLength(1);
    expect(await noticesFor('Mina Revisada')).toHaveLength(1);

    // A new verification is a new notice's subject: checked again, the studio hears again when that one runs out.
    expect((await api.verifyOrigin(runningOut.id, verification('fairmined', { certificateReference: 'CERT-2', validUntil: dayFromToday(20) }))).status).toBe(201);
    await invokeFunction('check-certifications', {});
    expect(await noticesFor('Mina Por Vencer')).toHaveLength(2);
  });
});

describe('seed-origins as the deploy-time custom resource', () => {
  /** What CloudFormation would receive at the pre-signed ResponseURL, for one request. */
  async function deployRequest(requestType: 'Create' | 'Update' | 'Delete') {
    let received: { method?: string; body: string } | undefined;
    const cloudFormation = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        received = { method: request.method, body };
        response.end();
      });
    });
    await new Promise<void>((resolve) => cloudFormation.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = cloudFormation.address() as AddressInfo;
      await invokeFunction('seed-origins', {
        RequestType: requestType,
        ServiceToken: 'arn:aws:lambda:eu-west-2:000000000000:function:seed-origins',
        ResponseURL: `http://127.0.0.1:${port}/presigned`,
        StackId: 'arn:aws:cloudformation:eu-west-2:000000000000:stack/BespokeCommissions/1',
        RequestId: `request-${requestType}`,
        LogicalResourceId: 'SeedOriginsOnDeploy',
        ResourceType: 'Custom::RunOnDeploy',
        ResourceProperties: { ServiceToken: 'x', Function: 'seed-origins', DataDigest: 'abc' },
        ...(requestType !== 'Create' && { PhysicalResourceId: 'certified-origins-seed' }),
      });
    } finally {
      cloudFormation.close();
    }
    return { method: received?.method, response: JSON.parse(received?.body ?? '{}') };
  }

  it('answers CloudFormation on create and update (so a deploy never hangs), with the seed counts', async () => {
    for (const requestType of ['Create', 'Update'] as const) {
      const { method, response } = await deployRequest(requestType);
      expect(method).toBe('PUT');
      expect(response).toMatchObject({
        Status: 'SUCCESS',
        PhysicalResourceId: 'certified-origins-seed',
        RequestId: `request-${requestType}`,
        LogicalResourceId: 'SeedOriginsOnDeploy',
        Data: { seedVersion: loadOriginSeed().seedVersion, added: 0 },
      });
    }
  });

  it('deletes nothing when the resource is deleted: the registry outlives it', async () => {
    const before = (await api.listOrigins()).body.items.length;
    expect((await deployRequest('Delete')).response).toMatchObject({ Status: 'SUCCESS', Data: {} });
    expect((await api.listOrigins()).body.items.length).toBe(before);
  });
});

