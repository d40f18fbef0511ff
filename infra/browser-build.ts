/**
 * Builds the pages' static assets into one folder: the browser scripts (esbuild, bundling the
 * API's own zod/mini schemas so the forms validate exactly as the API does), the stylesheet and
 * the workflow picture (workflows/commission.svg, drawn ahead of time by infra/workflow-svg.ts, so
 * neither this build nor any browser runs Mermaid), and the API's OpenAPI document (served at
 * GET /openapi.json); each also gzip-compressed. Used by `npm start`
 * (into the state dir) and by CDK (into the web-pages function's package:
 * `npx tsx infra/browser-build.ts <dir>`). Nothing here is in a JS bundle of an API Lambda: the
 * web-pages function reads these files from disk.
 */
import { copyFile, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { servedOpenApiText } from './openapi.ts';

const WEB_SOURCES = fileURLToPath(new URL('../functions/browser/', import.meta.url));

export async function buildWebAssets(outDir: string): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: {
      'enquiry-form': join(WEB_SOURCES, 'enquiry-form.ts'),
      console: join(WEB_SOURCES, 'console/main.ts'),
      'status-uploads': join(WEB_SOURCES, 'status-uploads.ts'),
    },
    outdir: outDir,
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2022'],
    legalComments: 'none',
    logLevel: 'warning',
  });
  await copyFile(join(WEB_SOURCES, 'studio.css'), join(outDir, 'studio.css'));
  await copyFile(fileURLToPath(new URL('../workflows/commission.svg', import.meta.url)), join(outDir, 'workflow.svg'));
  // Served at GET /openapi.json (not under /assets).
  await writeFile(join(outDir, 'openapi.json'), servedOpenApiText());
  const files = (await readdir(outDir)).filter((name) => !name.endsWith('.gz'));
  for (const name of files) {
    await writeFile(join(outDir, `${name}.gz`), gzipSync(await readFile(join(outDir, name)), { level: 9 }));
  }
  return files;
}

if (import.meta.main) {
  const outDir = process.argv[2];
  if (!outDir) {
    console.error('usage: tsx infra/browser-build.ts <out dir>');
    process.exit(1);
  }
  const names = await buildWebAssets(outDir);
  // With their sizes, raw and gzip-compressed as served: the console's script grows with every screen.
  const sizes = await Promise.all(names.map(async (name) => {
    const kb = async (file: string) => ((await stat(join(outDir, file))).size / 1024).toFixed(1);
    return `${name} ${await kb(name)} KB (${await kb(`${name}.gz`)} KB gzip)`;
  }));
  console.log(`web assets → ${outDir}: ${sizes.join(', ')}`);
}
