/**
 * The import graph of functions/ and the layering rules checked on it. Imports are read with
 * TypeScript's own scanner (type-only imports and re-exports included) and resolved the way the
 * compiler resolves them: package.json "imports" for the #aliases, relative paths, packages.
 */
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface ModuleImport {
  specifier: string;
  /** The repository-relative path it resolves to, if it is a file of this repository. */
  target?: string;
}

/** Repository-relative module path (with `/`) → its imports. */
export type ImportGraph = Map<string, ModuleImport[]>;

const toRepoPath = (absolute: string) => relative(ROOT, absolute).split(sep).join('/');
const isLocalSpecifier = (specifier: string) => specifier.startsWith('.') || specifier.startsWith('#');

function compilerOptions(): ts.CompilerOptions {
  const { config, error } = ts.readConfigFile(join(ROOT, 'tsconfig.json'), (path) => ts.sys.readFile(path));
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  return ts.parseJsonConfigFileContent(config, ts.sys, ROOT).options;
}

/** Every .ts module under functions/ (handlers, the catalogue, core/, browser/). */
export function buildImportGraph(): ImportGraph {
  const options = compilerOptions();
  const files = readdirSync(join(ROOT, 'functions'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .map((file) => join(ROOT, 'functions', file));
  const graph: ImportGraph = new Map();
  for (const file of files.sort()) {
    const text = ts.sys.readFile(file) ?? '';
    const imports = ts.preProcessFile(text, true, true).importedFiles.map(({ fileName: specifier }): ModuleImport => {
      const resolved = ts.resolveModuleName(specifier, file, options, ts.sys).resolvedModule;
      if (resolved && !resolved.isExternalLibraryImport) return { specifier, target: toRepoPath(resolved.resolvedFileName) };
      // An unresolved local import would silently drop an edge: refuse it instead.
      if (isLocalSpecifier(specifier)) throw new Error(`${toRepoPath(file)}: cannot resolve '${specifier}'`);
      return { specifier };
    });
    graph.set(toRepoPath(file), imports);
  }
  return graph;
}

/** The room of a module: `domain`, `lib`, … for functions/core/<room>/; `browser`; `handlers` for the rest. */
export function roomOf(path: string): string {
  const core = /^functions\/core\/([^/]+)\//.exec(path);
  if (core) return core[1]!;
  if (path.startsWith('functions/browser/')) return 'browser';
  if (path.startsWith('functions/')) return 'handlers';
  return 'outside';
}

/** What a room may import: modules of these rooms, and these packages (every package if absent). */
interface RoomRule {
  rooms: string[];
  packages?: RegExp[];
}

const LAYER_RULES: Record<string, RoomRule> = {
  // The domain declares the ports it needs (domain/ports.ts) instead of importing adapters;
  // of functions/core/data it may read only JSON.
  domain: { rooms: ['lib', 'domain', 'data'], packages: [/^node:/, /^zod(\/|$)/] },
  lib: { rooms: ['lib'] },
};

/** Every import that breaks LAYER_RULES, as `module → specifier (why)`. */
export function layerViolations(graph: ImportGraph, rules = LAYER_RULES): string[] {
  const violations: string[] = [];
  for (const [module, imports] of graph) {
    const rule = rules[roomOf(module)];
    if (!rule) continue;
    for (const { specifier, target } of imports) {
      if (target === undefined) {
        if (rule.packages && !rule.packages.some((pattern) => pattern.test(specifier))) {
          violations.push(`${module} → ${specifier} (package)`);
        }
        continue;
      }
      const room = roomOf(target);
      if (!rule.rooms.includes(room)) violations.push(`${module} → ${specifier} (${room})`);
      else if (room === 'data' && !target.endsWith('.json')) violations.push(`${module} → ${specifier} (data that is not JSON)`);
    }
  }
  return violations;
}

/** The import cycles among the graph's modules (strongly connected components, Tarjan). */
export function importCycles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const next = (module: string) =>
    (graph.get(module) ?? []).flatMap(({ target }) => (target !== undefined && graph.has(target) ? [target] : []));

  const visit = (module: string) => {
    index.set(module, index.size);
    lowLink.set(module, index.get(module)!);
    stack.push(module);
    onStack.add(module);
    for (const target of next(module)) {
      if (!index.has(target)) {
        visit(target);
        lowLink.set(module, Math.min(lowLink.get(module)!, lowLink.get(target)!));
      } else if (onStack.has(target)) {
        lowLink.set(module, Math.min(lowLink.get(module)!, index.get(target)!));
      }
    }
    if (lowLink.get(module) !== index.get(module)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== module);
    if (component.length > 1 || next(module).includes(module)) cycles.push(component.reverse());
  };
  for (const module of graph.keys()) if (!index.has(module)) visit(module);
  return cycles;
}
