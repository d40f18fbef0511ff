/**
 * The one workflow definition, checked by AWS's own amazon-states-language-service (the VS Code
 * toolkit's validator), shown to fail on a broken copy so a pass means something. The local Step
 * Functions validates it too on every start (aws-local-stepfunctions runs asl-validator).
 */
import { getLanguageService } from 'amazon-states-language-service';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, it } from 'vitest';
import { loadWorkflowDefinition } from '../../workflows/definition.ts';

const languageService = getLanguageService({});

async function awsDiagnostics(definition: unknown): Promise<string[]> {
  const document = TextDocument.create('file:///commission.asl.json', 'json', 1, JSON.stringify(definition, null, 2));
  const diagnostics = await languageService.doValidation(document, languageService.parseJSONDocument(document));
  return diagnostics.map((d) => (typeof d.message === 'string' ? d.message : d.message.value));
}

function broken() {
  const definition = loadWorkflowDefinition();
  (definition.States.EnterStage as { Next: string }).Next = 'NoSuchState';
  return definition;
}

describe('the workflow definition', () => {
  it("passes AWS's Amazon States Language service", async () => {
    expect(await awsDiagnostics(loadWorkflowDefinition())).toEqual([]);
    expect(await awsDiagnostics(broken())).toContain('The value of "Next" property must be the name of an existing state.');
  });

  // Bounded waits and States.ALL catches are checked on the deployed definition, nested states
  // included, in test/infra/commission-stack.test.ts; the retries are checked here.
  it('retries every task', () => {
    const states = Object.entries(loadWorkflowDefinition().States) as [string, { Type: string; Retry?: unknown[] }][];
    const tasks = states.filter(([, s]) => s.Type === 'Task');
    expect(tasks.length).toBeGreaterThan(0);
    for (const [name, state] of tasks) expect(state.Retry?.length, name).toBeGreaterThan(0);
  });

  it('carries no personal data into the execution: tasks get ids, stages and the token only', () => {
    const states = Object.values(loadWorkflowDefinition().States) as { Parameters?: { Payload?: Record<string, unknown> } }[];
    const payloadKeys = new Set(states.flatMap((s) => Object.keys(s.Parameters?.Payload ?? {})));
    // `input.$` hands RecordFailure the execution's own state: ids, stages and error names.
    expect([...payloadKeys].sort()).toEqual(['commissionId.$', 'input.$', 'revision.$', 'schemaVersion', 'stage.$', 'taskToken.$']);
  });
});

describe('the README', () => {
  it('shows the picture of the workflow as the definition draws it today', async () => {
    const { readFileSync } = await import('node:fs');
    const { workflowMermaid } = await import('../../workflows/diagram.ts');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const shown = readme.split('<!-- workflow-diagram:start -->')[1]?.split('<!-- workflow-diagram:end -->')[0]?.trim();
    expect(shown, 'README is out of date: paste the output of npm run workflow:diagram').toBe('```mermaid\n' + workflowMermaid() + '\n```');
  });
});
