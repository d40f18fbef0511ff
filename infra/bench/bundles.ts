/**
 * Builds every catalogue function exactly as CDK does (the shared options of
 * infra/constructs/bundling.ts) and splits each bundle, using esbuild's metafile, into the AWS
 * SDK's share and the rest (our code, middy, zod, Powertools).
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { functionCatalogue } from '../../functions/catalogue.ts';
import { esbuildOptionsFor } from '../constructs/bundling.ts';

/** The AWS SDK v3 and the packages only it brings in. */
const SDK_PACKAGE = /^(@aws-sdk\/|@smithy\/|@aws-crypto\/|@aws\/lambda-invoke-store$|fast-xml-parser$|strnum$|bowser$|tslib$|uuid$|mnemonist$|obliterator$)/;

export interface BundleReport {
  name: string;
  file: string;
  bundleBytes: number;
  sdkBytes: number;
  otherBytes: number;
  /** Bytes per package (or source file for our code), largest first. */
  byPackage: Array<{ name: string; bytes: number; sdk: boolean }>;
  /** The SDK clients the bundle holds, e.g. `client-dynamodb`. */
  clients: string[];
}

function packageOf(inputPath: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(inputPath);
  return match?.[1] ?? inputPath;
}

export async function buildEntry(entry: string, outfile: string, name: string): Promise<BundleReport> {
  const result = await esbuild.build({ ...esbuildOptionsFor(entry, outfile), metafile: true, logLevel: 'error' });
  const output = result.metafile.outputs[Object.keys(result.metafile.outputs).find((key) => key.endsWith('.mjs'))!]!;
  const bytes = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const pkg = packageOf(input);
    bytes.set(pkg, (bytes.get(pkg) ?? 0) + bytesInOutput);
  }
  const byPackage = [...bytes]
    .map(([pkg, n]) => ({ name: pkg, bytes: n, sdk: SDK_PACKAGE.test(pkg) }))
    .sort((a, b) => b.bytes - a.bytes);
  const sdkBytes = byPackage.filter((p) => p.sdk).reduce((sum, p) => sum + p.bytes, 0);
  return {
    name,
    file: outfile,
    bundleBytes: output.bytes,
    sdkBytes,
    otherBytes: output.bytes - sdkBytes,
    byPackage,
    clients: byPackage.filter((p) => /^@aws-sdk\/(client-|lib-)/.test(p.name)).map((p) => p.name.slice('@aws-sdk/'.length)).sort(),
  };
}

export async function buildFunctions(outDir: string): Promise<BundleReport[]> {
  const reports: BundleReport[] = [];
  for (const spec of functionCatalogue) {
    const dir = join(outDir, spec.name);
    await mkdir(dir, { recursive: true });
    reports.push(await buildEntry(resolve('functions', `${spec.name}.ts`), join(dir, 'index.mjs'), spec.name));
  }
  return reports;
}
