/**
 * The bundles load `node:crypto` on first use (functions/core/lib/lazy-crypto.ts): a function
 * that never hashes — a route on the HTTP edge that only answers — does not pay for it at cold
 * start, and one that does still gets the real thing.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { buildEntry } from '../../infra/bench/bundles.ts';
import { createHash, randomInt } from '../../functions/core/lib/lazy-crypto.ts';

const STATIC_CRYPTO_IMPORT = /from\s*"node:crypto"|import\s*"node:crypto"/;

// A handler on the HTTP edge (its logger, Powertools, imports `randomInt` from node:crypto) that
// hashes nothing, as health was before it answered without the edge.
const EDGE_ONLY = `import { httpHandler, json } from ${JSON.stringify(resolve('functions/core/edge/http.ts'))};
export const handler = httpHandler({ auth: 'public' }, () => Promise.resolve(json(200, { ok: true })));
`;

it('bundles a handler on the HTTP edge without a static import of node:crypto, and the bundle still answers', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lazy-crypto-'));
  await writeFile(join(dir, 'entry.ts'), EDGE_ONLY);
  const { file } = await buildEntry(join(dir, 'entry.ts'), join(dir, 'index.mjs'), 'edge-only');
  const code = await readFile(file, 'utf8');
  expect(code).toContain('getBuiltinModule'); // the alias applied
  expect(code).not.toMatch(STATIC_CRYPTO_IMPORT);
  const { handler } = (await import(pathToFileURL(file).href)) as { handler: (event: unknown, context: unknown) => Promise<{ statusCode: number }> };
  const answer = await handler({ headers: {}, rawPath: '/health', routeKey: 'GET /health', requestContext: { requestId: 'r' } }, { awsRequestId: 'r', getRemainingTimeInMillis: () => 10_000 });
  expect(answer.statusCode).toBe(200);
});

it('hands calls on to the real node:crypto', () => {
  expect(createHash('sha256').update('abc').digest('hex')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  const drawn = randomInt(0, 3);
  expect([0, 1, 2]).toContain(drawn);
});
