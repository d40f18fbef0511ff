/**
 * What the web-pages function ships beside its bundle (infra/browser-build.ts): small static files,
 * the workflow picture drawn ahead of time, no Mermaid, and the API's contract.
 */
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebAssets } from '../../infra/browser-build.ts';
import { WORKFLOW_SVG_PATH } from '../../infra/workflow-svg.ts';
import { OPENAPI_FILE } from '../../infra/openapi.ts';

/** A Lambda response body is at most 6 MB, and a console page should not wait on megabytes. */
const MAX_ASSET_BYTES = 1024 * 1024;

let outDir: string;
beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'web-assets-'));
  await buildWebAssets(outDir);
}, 60_000);
afterAll(() => rm(outDir, { recursive: true, force: true }));

describe('the web assets', () => {
  it('are each under 1 MB', async () => {
    const names = await readdir(outDir);
    expect(names).toEqual(expect.arrayContaining(['console.js', 'enquiry-form.js', 'studio.css', 'workflow.svg', 'openapi.json']));
    for (const name of names) expect((await stat(join(outDir, name))).size, name).toBeLessThan(MAX_ASSET_BYTES);
  });

  it('hold the API contract as docs/openapi.json has it, compact', async () => {
    const served = await readFile(join(outDir, 'openapi.json'), 'utf8');
    expect(served).toBe(JSON.stringify(JSON.parse(await readFile(OPENAPI_FILE, 'utf8'))));
  });

  it('hold the committed workflow picture, and no Mermaid', async () => {
    expect(await readFile(join(outDir, 'workflow.svg'), 'utf8')).toBe(await readFile(WORKFLOW_SVG_PATH, 'utf8'));
    const names = await readdir(outDir);
    expect(names.filter((name) => /mermaid|\.mmd/.test(name))).toEqual([]);
    expect(await readFile(join(outDir, 'console.js'), 'utf8')).not.toMatch(/mermaid/i);
  });
});
