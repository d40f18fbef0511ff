/** The workflow definition's placeholders are exactly the catalogue's workflow functions. */
import { describe, expect, it } from 'vitest';
import { functionCatalogue } from '../../functions/catalogue.ts';
import { loadWorkflowDefinition, substitutePlaceholders, workflowPlaceholders } from '../../workflows/definition.ts';

const catalogued = functionCatalogue.flatMap((spec) => ('workflowPlaceholder' in spec ? [spec] : []));

describe('the workflow definition', () => {
  it('names, as placeholders, exactly the functions the catalogue puts in the workflow', () => {
    expect(workflowPlaceholders(loadWorkflowDefinition())).toEqual(catalogued.map((spec) => spec.workflowPlaceholder).sort());
  });

  it('fills every placeholder and leaves keys alone', () => {
    const values = Object.fromEntries(catalogued.map((spec) => [spec.workflowPlaceholder, spec.name]));
    const filled = substitutePlaceholders(loadWorkflowDefinition(), values);
    expect(JSON.stringify(filled)).not.toContain('${');
    expect((filled.States.EnterStage!.Parameters as { FunctionName: string }).FunctionName).toBe('enter-stage');
    expect(Object.keys(filled.States)).toEqual(Object.keys(loadWorkflowDefinition().States));
  });

  it('refuses to leave a placeholder without a value', () => {
    expect(() => substitutePlaceholders(loadWorkflowDefinition(), {})).toThrow(/EnterStageFunction/);
  });
});
