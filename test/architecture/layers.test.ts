/**
 * The direction of dependencies in functions/: the domain imports only lib, itself, the data
 * files, node built-ins and zod; lib imports no other room; and no import cycle anywhere.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildImportGraph, importCycles, layerViolations, roomOf, type ImportGraph } from './import-graph.ts';

let graph: ImportGraph;
beforeAll(() => {
  graph = buildImportGraph();
});

const modulesOf = (room: string) => [...graph.keys()].filter((module) => roomOf(module) === room);
const targetsOf = (module: string) => (graph.get(module) ?? []).map(({ target }) => target);

describe('the import graph', () => {
  it('holds every room, so the rules below cannot pass on an empty graph', () => {
    // Update when a domain module is added or removed.
    expect(modulesOf('domain')).toHaveLength(29);
    for (const room of ['lib', 'adapters', 'edge', 'email', 'pages', 'browser', 'handlers']) {
      expect(modulesOf(room).length, room).toBeGreaterThan(0);
    }
  });

  it('resolves relative imports, #aliases and JSON the way the compiler does', () => {
    expect(targetsOf('functions/core/domain/decisions.ts')).toContain('functions/core/domain/stages.ts');
    expect(targetsOf('functions/core/domain/decisions.ts')).toContain('functions/core/lib/errors.ts');
    expect(targetsOf('functions/core/domain/premiums.ts')).toContain('functions/core/data/premium-rates.json');
    expect(targetsOf('functions/decide-stage.ts')).toContain('functions/core/domain/decisions.ts');
    // Type-only imports count.
    expect(targetsOf('functions/core/edge/http.ts')).toContain('functions/core/domain/ports.ts');
  });
});

describe('the layers', () => {
  it('keep the domain to lib, the domain, data JSON, node built-ins and zod', () => {
    expect(layerViolations(graph).filter((v) => v.startsWith('functions/core/domain/'))).toEqual([]);
  });

  it('keep lib free of every other room', () => {
    expect(layerViolations(graph).filter((v) => v.startsWith('functions/core/lib/'))).toEqual([]);
  });

  it('have no import cycle anywhere under functions/', () => {
    expect(importCycles(graph)).toEqual([]);
  });
});

describe('the checks themselves', () => {
  const fake: ImportGraph = new Map([
    ['functions/core/domain/a.ts', [{ specifier: '#adapters/b', target: 'functions/core/adapters/b.ts' }, { specifier: '@aws-sdk/lib-dynamodb' }]],
    ['functions/core/adapters/b.ts', [{ specifier: '#domain/a', target: 'functions/core/domain/a.ts' }]],
    ['functions/core/lib/c.ts', [{ specifier: '#email/d', target: 'functions/core/email/d.ts' }, { specifier: './c.ts', target: 'functions/core/lib/c.ts' }]],
  ]);

  it('find a domain module importing an adapter or the AWS SDK, and lib importing another room', () => {
    expect(layerViolations(fake)).toEqual([
      'functions/core/domain/a.ts → #adapters/b (adapters)',
      'functions/core/domain/a.ts → @aws-sdk/lib-dynamodb (package)',
      'functions/core/lib/c.ts → #email/d (email)',
    ]);
  });

  it('find cycles, a module importing itself included', () => {
    expect(importCycles(fake)).toEqual([['functions/core/domain/a.ts', 'functions/core/adapters/b.ts'], ['functions/core/lib/c.ts']]);
  });
});
