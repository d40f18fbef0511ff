/**
 * The init bench's SDK floor for a function that uses S3: the recording proxy names the S3 calls
 * a path-style client makes, the child finds the presigns in a function's answer, and the floor
 * built from both makes the same S3 calls and the same presigns.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEntry } from '../../infra/bench/bundles.ts';
import { callNames, floorSource, inheritedClock, type Presign } from '../../infra/bench/init.ts';
import { s3CallOf, startRecordingProxy } from '../../infra/bench/recording-proxy.ts';
import { localCredentials, startS3, type RunningService } from '../../infra/local/services.ts';

const CHILD = fileURLToPath(new URL('../../infra/bench/init-child.mjs', import.meta.url));
const BUCKET = 'attachments';
const KEY = 'commissions/c-1/a-1 render.png';

let s3rver: RunningService;
let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
let client: S3Client;
let workDir: string;
const directories: string[] = [];

beforeAll(async () => {
  const directory = await mkdtemp(join(tmpdir(), 's3rver-'));
  directories.push(directory);
  s3rver = await startS3({ directory, bucket: BUCKET, allowedOrigins: ['https://studio.test'] });
  proxy = await startRecordingProxy('s3', s3rver.endpoint);
  // As functions/core/adapters/attachment-objects.ts builds it against a local endpoint.
  client = new S3Client({ endpoint: proxy.endpoint, forcePathStyle: true, region: 'eu-west-2', credentials: localCredentials });
  // The floor is bundled: its entry must sit where node_modules resolves.
  await mkdir(resolve('.tmp'), { recursive: true });
  workDir = await mkdtemp(join(resolve('.tmp'), 'init-floor-'));
  directories.push(workDir);
});

afterAll(async () => {
  client?.destroy();
  await proxy?.close();
  await s3rver?.close();
  await Promise.all(directories.map((d) => rm(d, { recursive: true, force: true })));
});

/** One cold start by the bench's child: its report. */
function runChild(bundle: string, env: Record<string, string>): Promise<{ outcome: string; presigns: Presign[] }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CHILD, bundle, eventFile, 'floor-test'], { env: { PATH: process.env.PATH ?? '', ...inheritedClock(), ...env }, stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    let report = '';
    let stderr = '';
    child.stdio[3]?.on('data', (chunk: Buffer) => (report += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', () => (report ? resolvePromise(JSON.parse(report) as { outcome: string; presigns: Presign[] }) : reject(new Error(stderr))));
  });
}
let eventFile: string;

describe('S3 in the init floor', () => {
  it('names each path-style S3 request as the command that made it', () => {
    expect(s3CallOf('GET', '/attachments?list-type=2&prefix=commissions%2Fc-1%2F&continuation-token=t', {})).toEqual({
      service: 's3',
      operation: 'ListObjectsV2',
      input: { Bucket: 'attachments', Prefix: 'commissions/c-1/', ContinuationToken: 't' },
    });
    expect(s3CallOf('HEAD', '/attachments/commissions/c-1/a%201', {})).toEqual({
      service: 's3',
      operation: 'HeadObject',
      input: { Bucket: 'attachments', Key: 'commissions/c-1/a 1' },
    });
    expect(s3CallOf('GET', '/attachments/k?x-id=GetObject', { range: 'bytes=0-15' }).input).toEqual({ Bucket: 'attachments', Key: 'k', Range: 'bytes=0-15' });
    expect(s3CallOf('DELETE', '/attachments/k?x-id=DeleteObject', {}).operation).toBe('DeleteObject');
  });

  it('records what an S3 client calls, answers as S3 does, and the floor replays the calls and the presigns', async () => {
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: KEY, Body: 'a render, 20 bytes.', ContentType: 'image/png' }));
    proxy.take();

    // What the functions do with objects (attachment-objects.ts): list, head, a range read, delete.
    await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'commissions/c-1/' }));
    const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: KEY }));
    // Through the proxy, a HEAD keeps the object's length.
    expect(head.ContentLength).toBe(19);
    const read = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: KEY, Range: 'bytes=0-7' }));
    expect(await read.Body?.transformToString()).toBe('a render');
    await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: KEY }));
    await expect(client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: KEY }))).rejects.toMatchObject({ name: 'NotFound' });
    const calls = proxy.take();
    expect(callNames(calls)).toEqual(['s3:ListObjectsV2', 's3:HeadObject', 's3:GetObject', 's3:DeleteObject', 's3:HeadObject']);
    expect(calls[2]!.input).toEqual({ Bucket: BUCKET, Key: KEY, Range: 'bytes=0-7' });

    // What add-attachment and get-attachment answer with: a presigned POST, a presigned GET.
    const postInput = {
      Bucket: BUCKET,
      Key: KEY,
      Fields: { 'Content-Type': 'image/png' },
      Conditions: [['eq', '$key', KEY], ['eq', '$Content-Type', 'image/png'], ['content-length-range', 2048, 2048]] as Array<['eq', string, string] | ['content-length-range', number, number]>,
      Expires: 900,
    };
    const upload = await createPresignedPost(client, postInput);
    const getInput = { Bucket: BUCKET, Key: KEY, ResponseContentType: 'image/png', ResponseContentDisposition: 'inline' };
    const download = await getSignedUrl(client, new GetObjectCommand(getInput), { expiresIn: 300 });
    const fn = join(workDir, 'answer.mjs');
    const answer = [
      { statusCode: 201, body: JSON.stringify({ attachment: { id: 'a-1' }, upload }) },
      { statusCode: 302, headers: { location: download } },
    ];
    await writeFile(fn, `const answers = ${JSON.stringify(answer)}; export const handler = async () => answers[Number(process.env.ANSWER)];`);
    eventFile = join(workDir, 'event.json');
    await writeFile(eventFile, '{}');
    const [post, get] = await Promise.all([runChild(fn, { ANSWER: '0' }), runChild(fn, { ANSWER: '1' })]);
    const presigns = [...post.presigns, ...get.presigns];
    expect(presigns.map((p) => p.kind)).toEqual(['POST', 'GET']);
    expect(callNames(calls, presigns).slice(-2)).toEqual(['s3:presign POST', 's3:presign GET']);

    const packages = ['@aws-sdk/client-s3', '@aws-sdk/s3-presigned-post', '@aws-sdk/s3-request-presigner'];
    const source = floorSource(['client-s3'], calls, presigns, packages);
    expect(source).toContain(`import { S3Client, ListObjectsV2Command, HeadObjectCommand, GetObjectCommand, DeleteObjectCommand } from '@aws-sdk/client-s3';`);
    expect(source).toContain('new S3Client({ forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3) })');
    // The same presigns, with the input read back from what they produced.
    expect(source).toContain(`createPresignedPost(clients.s3, ${JSON.stringify(postInput)})`);
    expect(source).toContain(`getSignedUrl(clients.s3, new GetObjectCommand(${JSON.stringify(getInput)}), { expiresIn: 300 })`);
    // A presign is repeated only with the package the function's bundle holds.
    expect(() => floorSource(['client-s3'], calls, presigns, ['@aws-sdk/client-s3'])).toThrow(/s3-presigned-post/);

    const entry = join(workDir, 'floor.entry.mjs');
    await writeFile(entry, source);
    const floor = await buildEntry(entry, join(workDir, 'floor', 'index.mjs'), 'floor');
    expect(floor.byPackage.map((p) => p.name)).toEqual(expect.arrayContaining(packages));
    const run = await runChild(floor.file, {
      AWS_REGION: 'eu-west-2',
      AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
      AWS_ENDPOINT_URL_S3: proxy.endpoint,
    });
    expect(run.outcome).toBe('ok');
    // The object is gone now: the replayed reads are refused, as a replayed conditional write may be.
    expect(callNames(proxy.take())).toEqual(callNames(calls));
  });
});
