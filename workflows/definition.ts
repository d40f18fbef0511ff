/**
 * Loads the one workflow definition (commission.asl.json) and fills its `${Name}` placeholders.
 *
 * CDK fills the placeholders with function ARNs (it may read the file itself); the local runtime
 * fills them with catalogue function names. Either way the states are the ones in the file.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A parsed Amazon States Language document (kept loose: the library and CDK type it themselves). */
export type WorkflowDefinition = Record<string, unknown> & { StartAt: string; States: Record<string, Record<string, unknown>> };

/** Absolute path of the definition file, for tools that want the file itself (CDK, validators). */
const workflowDefinitionPath = fileURLToPath(new URL('./commission.asl.json', import.meta.url));

const PLACEHOLDER = /\$\{([A-Za-z][A-Za-z0-9_]*)\}/g;

/** A fresh, parsed copy of the definition on every call (callers may mutate it). */
export function loadWorkflowDefinition(): WorkflowDefinition {
  return JSON.parse(readFileSync(workflowDefinitionPath, 'utf8')) as WorkflowDefinition;
}

/** Every distinct `${Name}` placeholder in the definition's strings, sorted. */
export function workflowPlaceholders(definition: unknown = loadWorkflowDefinition()): string[] {
  const names = new Set<string>();
  visitStrings(definition, (text) => {
    for (const match of text.matchAll(PLACEHOLDER)) names.add(match[1]!);
    return text;
  });
  return [...names].sort();
}

/**
 * Returns a copy of `definition` with each `${Name}` in any string (keys untouched) replaced by
 * `values[Name]`. Throws on a placeholder without a value, so a missing function cannot slip
 * through as a literal `${...}` FunctionName.
 */
export function substitutePlaceholders<T>(definition: T, values: Readonly<Record<string, string>>): T {
  return visitStrings(definition, (text) =>
    text.replace(PLACEHOLDER, (_whole, name: string) => {
      const value = values[name];
      if (value === undefined) throw new Error(`No value for workflow placeholder \${${name}}`);
      return value;
    }),
  ) as T;
}

function visitStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => visitStrings(item, map));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, visitStrings(item, map)]));
  }
  return value;
}
