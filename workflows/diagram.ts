/**
 * Draws the workflow as a Mermaid flowchart from the one definition, so the pictures in the
 * README and on the console's workflow page cannot drift from what runs. `npm run
 * workflow:diagram` prints it for the README; `npm run workflow:svg` (infra/workflow-svg.ts)
 * renders it to workflows/commission.svg for the console. Tests check both are current.
 */
import { loadWorkflowDefinition, type WorkflowDefinition } from './definition.ts';

type State = {
  Type: string;
  Next?: string;
  End?: boolean;
  Default?: string;
  Choices?: ({ Next: string } & Record<string, unknown>)[];
  Catch?: { ErrorEquals: string[]; Next: string }[];
  Resource?: string;
  TimeoutSeconds?: number;
};

/** A choice rule in words: `$.current.closed == true` → `closed`; a presence check (before a test of the same value) says nothing. */
function ruleLabel(rule: Record<string, unknown>): string {
  if (Array.isArray(rule.And)) return (rule.And as Record<string, unknown>[]).map(ruleLabel).filter(Boolean).join(' and ');
  if ('IsPresent' in rule) return '';
  const variable = (typeof rule.Variable === 'string' ? rule.Variable : '').split('.').at(-1);
  const [operator, value] = Object.entries(rule).find(([k]) => k !== 'Variable' && k !== 'Next') ?? ['', ''];
  return operator === 'BooleanEquals' && value === true ? String(variable) : `${variable} = ${String(value)}`;
}

function days(seconds: number) {
  return `${Math.round(seconds / 86400)} days`;
}

export function workflowMermaid(definition: WorkflowDefinition = loadWorkflowDefinition()): string {
  const lines = ['flowchart TD', `  start((start)) --> ${definition.StartAt}`];
  for (const [name, raw] of Object.entries(definition.States)) {
    const state = raw as State;
    const waits = String(state.Resource ?? '').endsWith('.waitForTaskToken');
    const shape =
      state.Type === 'Choice' ? `{${name}}` : state.Type === 'Succeed' || state.Type === 'Fail' ? `([${name}])` : waits ? `[/${name}/]` : `[${name}]`;
    lines.push(`  ${name}${shape}`);
    if (state.Next) lines.push(`  ${name} --> ${state.Next}`);
    for (const rule of state.Choices ?? []) lines.push(`  ${name} -- ${ruleLabel(rule)} --> ${rule.Next}`);
    if (state.Default) lines.push(`  ${name} -- otherwise --> ${state.Default}`);
    for (const c of state.Catch ?? []) {
      const label = c.ErrorEquals.includes('States.Timeout') && state.TimeoutSeconds ? `no decision in ${days(state.TimeoutSeconds)}` : 'error';
      lines.push(`  ${name} -. ${label} .-> ${c.Next}`);
    }
  }
  return lines.join('\n');
}

if (import.meta.main) console.log(workflowMermaid());
