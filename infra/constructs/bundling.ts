/**
 * How every Lambda is bundled, in one place: CDK's NodejsFunction (commission-function.ts) and
 * the benchmark (infra/bench/) both read these options, so what the bench measures is what
 * `cdk deploy` ships.
 *
 * Plain data, no aws-cdk-lib import: the bench loads it without loading CDK.
 */
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';

export const functionBundling = {
  format: 'esm',
  minify: true,
  sourceMap: true,
  // Mappings only: stack traces still point at the TypeScript file and line, and the function
  // does not read a copy of every source file at cold start (health's map was 6x its bundle).
  sourcesContent: false,
  target: 'node24',
  mainFields: ['module', 'main'],
  // Bundle the AWS SDK too (the default leaves @aws-sdk/* to the runtime's copy): the
  // deployed code then runs the very SDK version the local runs and tests use, and a
  // minified bundle loads faster than the runtime's unbundled SDK.
  externalModules: [] as string[],
  // ESM bundles have no `require`; some CommonJS dependencies call it for Node built-ins.
  banner: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
} as const;

/**
 * Modules the bundles take from elsewhere: `node:crypto` from a module that loads it on first use
 * (functions/core/lib/lazy-crypto.ts says why). Paths from the repository root, where CDK runs
 * esbuild (its `esbuildArgs` below); esbuildOptionsFor makes them absolute.
 */
const functionAliases = {
  'node:crypto': './functions/core/lib/lazy-crypto.ts',
} as const;

/** The aliases as esbuild's command line takes them (NodejsFunction's `esbuildArgs`). */
export const aliasArgs = { '--alias': Object.entries(functionAliases).map(([from, to]) => `${from}=${to}`) };

/** The environment CDK gives every function that changes how its bundle loads. */
export const functionRuntimeEnvironment = {
  NODE_OPTIONS: '--enable-source-maps',
} as const;

/**
 * The same options as esbuild's own BuildOptions, as NodejsFunction passes them to esbuild
 * (bundle, platform node, ESM output as `index.mjs`), for tools that call esbuild directly.
 */
export function esbuildOptionsFor(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: functionBundling.format,
    minify: functionBundling.minify,
    sourcemap: functionBundling.sourceMap,
    sourcesContent: functionBundling.sourcesContent,
    target: functionBundling.target,
    mainFields: [...functionBundling.mainFields],
    external: [...functionBundling.externalModules],
    banner: { js: functionBundling.banner },
    // Absolute here: esbuild resolves an alias from its working directory, and tools may run elsewhere.
    alias: Object.fromEntries(
      Object.entries(functionAliases).map(([from, to]) => [from, fileURLToPath(new URL(`../../${to}`, import.meta.url))]),
    ),
  };
}
