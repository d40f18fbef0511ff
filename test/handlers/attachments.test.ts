/**
 * Attachments against dynalite and s3rver: a designer's upload through the presigned POST with
 * real bytes lands, s3rver's ObjectCreated event runs check-upload (as S3's notification does on
 * AWS), and the file is ready; bytes that lie about their type (a PNG declared application/pdf)
 * or their size end rejected with the object deleted; the policy pins key, type and size; the
 * limits (20 files, 5 of the customer's) hold; links redirect to short-lived presigned GETs; the
 * customer's routes refuse a tampered link.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '#adapters/dynamo';
import { storedCommission } from '#adapters/commission-store';
import { commissionKey } from '#adapters/table-keys';
import { StatusLinks } from '#adapters/status-links';
import type { Commission } from '#domain/schemas';
import { invokeFunction } from '../../infra/local/lambda-context.ts';
import { sampleCommission } from '../../infra/samples.ts';
import { api, designer, eventually, linkParts, signedInStranger } from '../support/api.ts';
import { apiGatewayEvent } from '../../infra/local/api-gateway-event.ts';
import { TEST_ATTACHMENTS_BUCKET, useLocalServices } from '../support/local-env.ts';
import { TEST_STATUS_LINK_SECRET } from '../support/test-secret.ts';
import { ONE_PIXEL_PNG } from '../support/fixtures.ts';

let tableName: string;
let s3Endpoint: string;
beforeAll(async () => {
  ({ tableName, s3Endpoint } = await useLocalServices());
});

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** A commission stored directly in `stage` (a fresh id), as the workflow would have left it. */
async function seed(stage: Commission['stage']): Promise<Commission> {
  const commission: Commission = { ...sampleCommission(stage), id: randomUUID() };
  // Only what the workflow would have recorded by now: no approvals yet.
  for (const field of ['design', 'sourcing', 'making', 'delivery'] as const) delete commission[field];
  await documentClient().send(new PutCommand({ TableName: tableName, Item: storedCommission(commission) }));
  return commission;
}

const studioFile = (overrides: Record<string, unknown> = {}) => ({
  stage: 'DESIGN',
  kind: 'render',
  fileName: 'ring render.png',
  contentType: 'image/png',
  bytes: ONE_PIXEL_PNG.length,
  visibleToCustomer: true,
  ...overrides,
});

/** What a browser does with the grant: a multipart POST of the fields, then the file. */
async function upload(grant: { url: string; fields: Record<string, string> }, bytes: Buffer, type: string): Promise<number> {
  const form = new FormData();
  for (const [name, value] of Object.entries(grant.fields)) form.append(name, value);
  form.append('file', new Blob([bytes], { type }), 'upload');
  const response = await fetch(grant.url, { method: 'POST', body: form });
  await response.arrayBuffer();
  return response.status;
}

async function attachmentOf(commissionId: string, attachmentId: string) {
  const view = await api.get(commissionId);
  return (view.body.attachments as Array<{ id: string; status: string }>).find((a) => a.id === attachmentId);
}

const s3 = () => new S3Client({ endpoint: s3Endpoint, forcePathStyle: true, region: 'eu-west-2' });
async function objectExists(key: string): Promise<boolean> {
  try {
    await s3().send(new HeadObjectCommand({ Bucket: TEST_ATTACHMENTS_BUCKET, Key: key }));
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'NotFound') return false;
    throw error;
  }
}

const statusQuery = (id: string) =>
  linkParts(new StatusLinks(Buffer.from(TEST_STATUS_LINK_SECRET, 'utf8'), 'https://commissions.test').linkFor(id)).query;

describe('a designer uploads a file', () => {
  it('lands through the presigned POST, is checked by the ObjectCreated trigger, and is ready; its link redirects to the bytes', async () => {
    const commission = await seed('DESIGN');
    const granted = await api.addAttachment(commission.id, studioFile());
    expect(granted.status).toBe(201);
    expect(granted.body).toMatchObject({ id: expect.any(String), status: 'pending', upload: { url: expect.stringContaining(TEST_ATTACHMENTS_BUCKET) } });
    expect(await attachmentOf(commission.id, granted.body.id)).toMatchObject({ status: 'pending' });

    expect(await upload(granted.body.upload, ONE_PIXEL_PNG, 'image/png')).toBe(204);
    await eventually(async () => expect(await attachmentOf(commission.id, granted.body.id)).toMatchObject({ status: 'ready' }));

    const view = await api.get(commission.id);
    expect(view.body.attachments).toEqual([
      { id: granted.body.id, stage: 'DESIGN', kind: 'render', fileName: 'ring render.png', contentType: 'image/png', bytes: ONE_PIXEL_PNG.length, status: 'ready', visibleToCustomer: true },
    ]);

    const link = await api.getAttachment(commission.id, granted.body.id);
    expect(link.status).toBe(302);
    const location = new URL(link.headers.location!);
    expect(location.origin).toBe(s3Endpoint);
    expect(Number(location.searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(300);
    const download = await fetch(location);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(ONE_PIXEL_PNG);
  });

  it('a PNG declared application/pdf ends rejected, and its object is gone', async () => {
    const commission = await seed('DESIGN');
    const granted = await api.addAttachment(commission.id, studioFile({ fileName: 'certificate.pdf', contentType: 'application/pdf', kind: 'document' }));
    expect(granted.status).toBe(201);
    const key = granted.body.upload.fields.key as string;
    expect(await upload(granted.body.upload, ONE_PIXEL_PNG, 'application/pdf')).toBe(204);
    await eventually(async () => expect(await attachmentOf(commission.id, granted.body.id)).toMatchObject({ status: 'rejected' }));
    expect(await objectExists(key)).toBe(false);
    expect((await api.getAttachment(commission.id, granted.body.id)).status).toBe(404);
  });

  it('a real PDF declared application/pdf is ready', async () => {
    const commission = await seed('SOURCING');
    const granted = await api.addAttachment(commission.id, studioFile({ stage: 'SOURCING', kind: 'document', fileName: 'lot.pdf', contentType: 'application/pdf', bytes: PDF.length }));
    expect(await upload(granted.body.upload, PDF, 'application/pdf')).toBe(204);
    await eventually(async () => expect(await attachmentOf(commission.id, granted.body.id)).toMatchObject({ status: 'ready' }));
  });

  it('bytes of another size than declared are rejected and deleted (the emulator does not enforce the policy; the check does)', async () => {
    const commission = await seed('DESIGN');
    const granted = await api.addAttachment(commission.id, studioFile({ bytes: ONE_PIXEL_PNG.length + 10 }));
    expect(await upload(granted.body.upload, ONE_PIXEL_PNG, 'image/png')).toBe(204);
    await eventually(async () => expect(await attachmentOf(commission.id, granted.body.id)).toMatchObject({ status: 'rejected' }));
    expect(await objectExists(granted.body.upload.fields.key as string)).toBe(false);
  });

  it('a declared 16 MB file is refused (400 naming bytes), and nothing is recorded', async () => {
    const commission = await seed('DESIGN');
    const refused = await api.addAttachment(commission.id, studioFile({ bytes: 16 * 1024 * 1024 }));
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields).toEqual([{ path: 'bytes', message: 'At most 15 MB' }]);
    expect((await api.get(commission.id)).body.attachments).toEqual([]);
  });

  it("the upload's policy pins the key, the content type and the exact size, and expires within 15 minutes", async () => {
    const commission = await seed('MAKING');
    const before = Date.now();
    const granted = await api.addAttachment(commission.id, studioFile({ stage: 'MAKING', kind: 'photo', bytes: 1234 }));
    const { fields } = granted.body.upload as { fields: Record<string, string> };
    expect(fields.key).toBe(`commissions/${commission.id}/${granted.body.id}`);
    expect(fields['Content-Type']).toBe('image/png');
    const policy = JSON.parse(Buffer.from(fields.Policy!, 'base64').toString('utf8')) as { expiration: string; conditions: unknown[] };
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        ['eq', '$key', fields.key],
        ['eq', '$Content-Type', 'image/png'],
        ['content-length-range', 1234, 1234],
        { bucket: TEST_ATTACHMENTS_BUCKET },
      ]),
    );
    const expires = Date.parse(policy.expiration);
    expect(expires).toBeGreaterThan(before);
    expect(expires).toBeLessThanOrEqual(Date.now() + 15 * 60_000);
  });

  it('refuses a 21st file (409), a closed commission (409), an unknown one (404) and a non-designer (403)', async () => {
    const commission = await seed('DESIGN');
    for (let i = 0; i < 20; i++) expect((await api.addAttachment(commission.id, studioFile())).status).toBe(201);
    const over = await api.addAttachment(commission.id, studioFile());
    expect(over.status).toBe(409);
    expect(over.body.error.code).toBe('too_many_attachments');
    expect((await api.addAttachment((await seed('COMPLETED')).id, studioFile())).status).toBe(409);
    expect((await api.addAttachment(randomUUID(), studioFile())).status).toBe(404);
    expect((await api.addAttachment(commission.id, studioFile(), signedInStranger)).status).toBe(403);
  });

  it('a repeated ObjectCreated event changes nothing, and an object no file expects is deleted', async () => {
    const commission = await seed('DESIGN');
    const granted = await api.addAttachment(commission.id, studioFile());
    await upload(granted.body.upload, ONE_PIXEL_PNG, 'image/png');
    await eventually(async () => expect(await attachmentOf(commission.id, granted.body.id)).toMatchObject({ status: 'ready' }));
    const key = granted.body.upload.fields.key as string;
    const repeat = { Records: [{ eventName: 'ObjectCreated:Post', s3: { bucket: { name: TEST_ATTACHMENTS_BUCKET }, object: { key, size: ONE_PIXEL_PNG.length } } }] };
    await invokeFunction('check-upload', repeat);
    expect(await attachmentOf(commission.id, granted.body.id)).toMatchObject({ status: 'ready' });
    expect(await objectExists(key)).toBe(true);

    const stray = `commissions/${commission.id}/${randomUUID()}`;
    await s3().send(new PutObjectCommand({ Bucket: TEST_ATTACHMENTS_BUCKET, Key: stray, Body: ONE_PIXEL_PNG }));
    await eventually(async () => expect(await objectExists(stray)).toBe(false));
  });
});

describe('the customer adds inspiration images from the status page', () => {
  const image = { fileName: 'ring I love.png', contentType: 'image/png', bytes: ONE_PIXEL_PNG.length };

  it('uploads one behind the status link; it is ready and opens through the status link', async () => {
    const commission = await seed('ENQUIRY');
    const query = statusQuery(commission.id);
    const granted = await api.addInspiration(commission.id, query, image);
    expect(granted.status).toBe(201);
    expect(await upload(granted.body.upload, ONE_PIXEL_PNG, 'image/png')).toBe(204);
    await eventually(async () => expect(await attachmentOf(commission.id, granted.body.id)).toMatchObject({ status: 'ready', kind: 'inspiration', visibleToCustomer: true }));
    const link = await api.getStatusAttachment(commission.id, granted.body.id, query);
    expect(link.status).toBe(302);
    expect(Buffer.from(await (await fetch(link.headers.location!)).arrayBuffer())).toEqual(ONE_PIXEL_PNG);
  });

  it('refuses a tampered link (403) on both routes', async () => {
    const commission = await seed('DESIGN');
    const query = { ...statusQuery(commission.id), sig: 'A'.repeat(43) };
    expect((await api.addInspiration(commission.id, query, image)).status).toBe(403);
    expect((await api.getStatusAttachment(commission.id, randomUUID(), query)).status).toBe(403);
  });

  it('takes five, refuses the sixth (409), and refuses any once the design is agreed (409)', async () => {
    const commission = await seed('DESIGN');
    const query = statusQuery(commission.id);
    for (let i = 0; i < 5; i++) expect((await api.addInspiration(commission.id, query, image)).status).toBe(201);
    const sixth = await api.addInspiration(commission.id, query, image);
    expect(sixth.status).toBe(409);
    expect(sixth.body.error.code).toBe('too_many_attachments');
    const sourcing = await seed('SOURCING');
    const closed = await api.addInspiration(sourcing.id, statusQuery(sourcing.id), image);
    expect(closed.status).toBe(409);
    expect(closed.body.error.code).toBe('uploads_closed');
  });

  it("shows the customer only what they may see: not the studio's hidden or pending files", async () => {
    const commission = await seed('DESIGN');
    const query = statusQuery(commission.id);
    const hidden = await api.addAttachment(commission.id, studioFile({ visibleToCustomer: false }));
    await upload(hidden.body.upload, ONE_PIXEL_PNG, 'image/png');
    await eventually(async () => expect(await attachmentOf(commission.id, hidden.body.id)).toMatchObject({ status: 'ready' }));
    const pending = await api.addAttachment(commission.id, studioFile());
    expect((await api.getStatusAttachment(commission.id, hidden.body.id, query)).status).toBe(404);
    expect((await api.getStatusAttachment(commission.id, pending.body.id, query)).status).toBe(404);
    expect((await api.getStatusAttachment(commission.id, 'constructor', query)).status).toBe(404);
    // The designer sees the hidden one.
    expect((await api.getAttachment(commission.id, hidden.body.id)).status).toBe(302);
  });
});

describe('the status page', () => {
  it("shows the customer's images through the signed link, offers the upload form, and its CSP allows the bucket's origin only", async () => {
    const commission = await seed('DESIGN');
    const query = statusQuery(commission.id);
    const shown = await api.addAttachment(commission.id, studioFile({ fileName: 'ring render.png' }));
    const hidden = await api.addAttachment(commission.id, studioFile({ fileName: 'workshop notes.png', visibleToCustomer: false }));
    for (const granted of [shown, hidden]) {
      await upload(granted.body.upload, ONE_PIXEL_PNG, 'image/png');
      await eventually(async () => expect(await attachmentOf(commission.id, granted.body.id)).toMatchObject({ status: 'ready' }));
    }
    const page = (await invokeFunction(
      'status-page',
      apiGatewayEvent('GET', `/status/${commission.id}`, 'GET /status/{id}', { pathParameters: { id: commission.id }, query }),
    )) as { statusCode: number; body: string; headers: Record<string, string> };
    expect(page.statusCode).toBe(200);
    const signed = new URLSearchParams({ expires: query.expires!, sig: query.sig! }).toString().replaceAll('&', '&amp;');
    expect(page.body).toContain(`<img src="/status/${commission.id}/attachments/${shown.body.id}?${signed}" alt="From the studio: ring render.png"`);
    expect(page.body).not.toContain('workshop notes.png');
    expect(page.body).toContain(`data-upload-url="/status/${commission.id}/attachments?${signed}"`);
    expect(page.body).toContain('<script src="/assets/status-uploads.js" defer>');
    const csp = page.headers['content-security-policy']!;
    expect(csp).toContain(`img-src 'self' data: ${s3Endpoint};`);
    expect(csp).toContain(`connect-src 'self' ${s3Endpoint};`);
  });
});

describe('erasure', () => {
  it("deletes the commission's objects and its files' entries", async () => {
    const commission = await seed('DESIGN');
    const keys: string[] = [];
    for (const file of [studioFile(), studioFile({ visibleToCustomer: false })]) {
      const granted = await api.addAttachment(commission.id, file);
      await upload(granted.body.upload, ONE_PIXEL_PNG, 'image/png');
      await eventually(async () => expect(await attachmentOf(commission.id, granted.body.id)).toMatchObject({ status: 'ready' }));
      keys.push(granted.body.upload.fields.key as string);
    }
    for (const key of keys) expect(await objectExists(key)).toBe(true);
    // Cancelled (as the workflow leaves it), so it may be erased.
    await documentClient().send(
      new UpdateCommand({ TableName: tableName, Key: commissionKey(commission.id), UpdateExpression: 'SET #stage = :cancelled', ExpressionAttributeNames: { '#stage': 'stage' }, ExpressionAttributeValues: { ':cancelled': 'CANCELLED' } }),
    );
    const erased = (await invokeFunction(
      'erase-commission',
      apiGatewayEvent('POST', `/commissions/${commission.id}/erasure`, 'POST /commissions/{id}/erasure', {
        body: JSON.stringify({ reason: 'Asked by email' }),
        headers: { 'content-type': 'application/json' },
        pathParameters: { id: commission.id },
        claims: designer().claims!,
      }),
    )) as { statusCode: number };
    expect(erased.statusCode).toBe(202);
    for (const key of keys) expect(await objectExists(key)).toBe(false);
    expect((await api.get(commission.id)).body.attachments).toEqual([]);
  });
});
