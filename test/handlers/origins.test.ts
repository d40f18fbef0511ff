/**
 * The registry of certified origins over its routes, and approving SOURCING against it: every
 * refusal a designer can meet, and the premium stored when the approval stands.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeFunction } from '../../infra/local/lambda-context.ts';
import { api, designer, signedInStranger } from '../support/api.ts';
import { approvals, enquiry } from '../support/fixtures.ts';
import { OriginRegistry } from '#adapters/origin-registry';
import { loadOriginSeed } from '#adapters/origin-seed';
import { documentClient } from '#adapters/dynamo';
import { startWorkflowHarness } from '../support/workflow-harness.ts';

let harness: Awaited<ReturnType<typeof startWorkflowHarness>>;
beforeAll(async () => {
  harness = await startWorkflowHarness();
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
      certifier: 'Alliance for Responsible Mining (ARM)',
      reference: 'FM-0001',
      validFrom: '2025-01-01',
      validUntil: '2027-12-31',
      source: 'fairmined.org certificate list',
    },
  ],
  ...overrides,
});

describe('GET /origins', () => {
  it('lists the seeded registry to designers, with sources and what is uncertain', async () => {
    const answer = await api.listOrigins();
    expect(answer.status).toBe(200);
    const sotrami = answer.body.items.find((o: { name: string }) => o.name === 'SOTRAMI');
    expect(sotrami).toMatchObject({ country: 'Peru', region: 'Santa Filomena, Ayacucho', addedBy: 'seed' });
    expect(sotrami.certifications[0]).toMatchObject({ scheme: 'fairtrade', metals: ['gold'], source: expect.stringMatching(/fairtrade/) });
    expect(answer.body.items.map((o: { name: string }) => o.name)).toEqual(expect.arrayContaining(['XAMODX', 'Íquira', '15 de Agosto']));
    expect(answer.body.items[0]).not.toHaveProperty('pk');
  });

  it('is refused without a designer: 401 without claims, 403 outside the designers group', async () => {
    expect((await api.listOrigins({})).status).toBe(401);
    expect((await api.listOrigins(signedInStranger)).status).toBe(403);
  });
});

describe('POST /origins', () => {
  it('adds an origin that designers then see, named after who added it', async () => {
    const added = await api.addOrigin(newOrigin({ name: 'Mina Nueva' }), designer('rosa@studio.test'));
    expect(added).toMatchObject({ status: 201, body: { name: 'Mina Nueva', country: 'Bolivia' } });
    const listed = (await api.listOrigins()).body.items.find((o: { name: string }) => o.name === 'Mina Nueva');
    expect(listed).toMatchObject({ addedBy: 'rosa@studio.test', certifications: [{ reference: 'FM-0001' }] });
  });

  it('answers 409 for a name already registered in that country, whatever its case and accents', async () => {
    expect((await api.addOrigin(newOrigin({ name: 'Dúplica' }))).status).toBe(201);
    const again = await api.addOrigin(newOrigin({ name: '  DUPLICA ' }));
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('origin_exists');
    const seeded = await api.addOrigin(newOrigin({ name: 'sotrami', country: 'Peru' }));
    expect(seeded.status).toBe(409);
  });

  it('refuses an invalid origin with 400 and the fields that are wrong', async () => {
    const answer = await api.addOrigin(
      newOrigin({
        country: '',
        extra: true,
        certifications: [{ ...newOrigin().certifications[0], scheme: 'organic', metals: [], validFrom: '2027-01-01', validUntil: '2026-01-01' }],
      }),
    );
    expect(answer.status).toBe(400);
    const paths = answer.body.error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining(['country', 'extra', 'certifications.0.scheme', 'certifications.0.metals']),
    );
  });

  it('refuses a certification that ends before it starts', async () => {
    const answer = await api.addOrigin(
      newOrigin({ certifications: [{ ...newOrigin().certifications[0], validFrom: '2027-01-01', validUntil: '2026-01-01' }] }),
    );
    expect(answer.status).toBe(400);
    expect(answer.body.error.fields).toContainEqual({ path: 'certifications.0.validUntil', message: 'Must not be before validFrom' });
  });

  it('is refused without a designer', async () => {
    expect((await api.addOrigin(newOrigin(), {})).status).toBe(401);
    expect((await api.addOrigin(newOrigin(), signedInStranger)).status).toBe(403);
  });
});

describe('seeding the registry (on deploy, at npm start)', () => {
  it('is idempotent, updates only what an older seed wrote, and never overwrites a designer’s origin', async () => {
    const registry = new OriginRegistry(documentClient(), harness.tableName);
    const seed = loadOriginSeed();
    const mine = { ...seed.origins[0]!, name: 'Mina Del Diseñador', country: 'Peru' };
    const designerVersion = { ...seed.origins[0]!, name: 'Mina del Diseñador', country: 'Peru', region: 'Edited by a designer' };
    expect((await api.addOrigin(designerVersion)).status).toBe(201);

    // The table was seeded when the harness started: the same seed again changes nothing.
    expect(await registry.seed(seed, new Date())).toEqual({ added: 0, updated: 0, kept: seed.origins.length });

    // (San Luis: an origin no other test here sources from.)
    const sanLuis = seed.origins.find((o) => o.name === 'San Luis')!;
    const corrected = { seedVersion: seed.seedVersion + 1, origins: [{ ...sanLuis, region: 'Corrected region' }, mine] };
    expect(await registry.seed(corrected, new Date())).toEqual({ added: 0, updated: 1, kept: 1 });
    const names = await registry.list();
    expect(names.find((o) => o.name === 'San Luis')).toMatchObject({ region: 'Corrected region', seedVersion: corrected.seedVersion });
    expect(names.find((o) => o.name === 'Mina del Diseñador')).toMatchObject({ region: 'Edited by a designer', addedBy: 'rosa@studio.test' });
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
        Data: { seedVersion: 1, added: 0 },
      });
    }
  });

  it('deletes nothing when the resource is deleted: the registry outlives it', async () => {
    const before = (await api.listOrigins()).body.items.length;
    expect((await deployRequest('Delete')).response).toMatchObject({ Status: 'SUCCESS', Data: {} });
    expect((await api.listOrigins()).body.items.length).toBe(before);
  });
});

describe('approving SOURCING', () => {
  /** A commission of `metal` awaiting its SOURCING decision. */
  async function awaitingSourcing(metal: { scheme?: string; metal?: string; fineness?: string } = {}) {
    const { id } = (await api.submit(enquiry(metal))).body;
    await harness.approveThrough(id, designer(), 0, 2);
    await harness.awaitingDecision(id, 'SOURCING');
    return id as string;
  }
  const source = (id: string, details: Record<string, unknown>) =>
    api.decide(id, { stage: 'SOURCING', decision: 'approve', details: { ...approvals.SOURCING, ...details } });

  it('refuses, with the field and the reason, every sourcing the registry cannot vouch for', async () => {
    const id = await awaitingSourcing();
    const refusals: [Record<string, unknown>, string, RegExp][] = [
      [{ origin: { name: 'Mina Desconocida', country: 'Peru' } }, 'details.origin.name', /not in the registry/],
      [{ origin: { name: 'SOTRAMI', country: 'Bolivia' } }, 'details.origin.country', /registered in Peru, not Bolivia/],
      [{ origin: { name: 'AURELSA', country: 'Peru' } }, 'details.origin.name', /AURELSA is not certified for Fairtrade gold \(it holds: Fairmined gold\)/],
      [{ scheme: 'fairmined' }, 'details.scheme', /enquiry asked for fairtrade/],
      [{ metal: 'silver', fineness: '925' }, 'details.metal', /enquiry asked for gold/],
      [{ weightGrams: 0 }, 'details.weightGrams', /more than 0/],
    ];
    for (const [details, path, message] of refusals) {
      const answer = await source(id, details);
      expect(answer.status, JSON.stringify(details)).toBe(400);
      expect(answer.body.error.fields, JSON.stringify(details)).toContainEqual({ path, message: expect.stringMatching(message) });
    }
    // Nothing was recorded: the commission still awaits the decision.
    expect((await api.get(id)).body).toMatchObject({ stage: 'SOURCING', awaiting: { stage: 'SOURCING' } });
  });

  it('refuses an origin whose certification has expired', async () => {
    const expired = newOrigin({
      name: 'Mina Caducada',
      certifications: [{ ...newOrigin().certifications[0], scheme: 'fairtrade', validFrom: '2015-01-01', validUntil: '2020-12-31' }],
    });
    expect((await api.addOrigin(expired)).status).toBe(201);
    const id = await awaitingSourcing();
    const answer = await source(id, { origin: { name: 'Mina Caducada', country: 'Bolivia' } });
    expect(answer.status).toBe(400);
    expect(answer.body.error.fields).toContainEqual({
      path: 'details.origin.name',
      message: "Mina Caducada's Fairtrade gold certification expired on 2020-12-31",
    });
  });

  it('stores the registry’s origin and the computed premium on the sourcing record', async () => {
    const id = await awaitingSourcing();
    const answer = await source(id, { origin: { name: 'sotrámi ', country: 'PERU' } });
    expect(answer.status, JSON.stringify(answer.body)).toBe(202);
    const { sourcing } = (await api.get(id)).body;
    expect(sourcing.origin).toEqual({
      name: 'SOTRAMI',
      country: 'Peru',
      region: 'Santa Filomena, Ayacucho',
      certifier: 'FLOCERT (Fairtrade)',
    });
    expect(sourcing.premium).toMatchObject({ fineGrams: 3.15, amountUsd: 6.3, usdPerKgFine: 2000, rateSource: expect.any(String) });
  });

  it('matches a name without its accent: "Iquira" is the registered Íquira', async () => {
    const id = await awaitingSourcing({ scheme: 'fairmined', fineness: '22ct' });
    const answer = await source(id, { scheme: 'fairmined', fineness: '22ct', weightGrams: 5.55, origin: { name: 'Iquira', country: 'Colombia' } });
    expect(answer.status, JSON.stringify(answer.body)).toBe(202);
    expect((await api.get(id)).body.sourcing).toMatchObject({ origin: { name: 'Íquira', region: 'Huila' }, premium: { amountUsd: 20.34 } });
  });
});
