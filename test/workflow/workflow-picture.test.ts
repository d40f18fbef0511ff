/**
 * The console's workflow picture (workflows/commission.svg) is drawn ahead of time from the
 * definition's Mermaid text; it records the hash of that text, and these tests hold it to today's.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { embeddedSourceHash, sourceHash, WORKFLOW_SVG_PATH } from '../../infra/workflow-svg.ts';
import { loadWorkflowDefinition } from '../../workflows/definition.ts';
import { workflowMermaid } from '../../workflows/diagram.ts';

const svg = readFileSync(WORKFLOW_SVG_PATH, 'utf8');

describe('the workflow picture', () => {
  it('was drawn from the Mermaid text of the definition as it is today', () => {
    expect(embeddedSourceHash(svg), 'workflows/commission.svg is out of date: run npm run workflow:svg').toBe(sourceHash(workflowMermaid()));
  });

  it('would be out of date after any change to the definition', () => {
    const changed = loadWorkflowDefinition();
    changed.States.AwaitDesignerDecision!.TimeoutSeconds = 7 * 86_400;
    expect(workflowMermaid(changed)).not.toBe(workflowMermaid());
    expect(embeddedSourceHash(svg)).not.toBe(sourceHash(workflowMermaid(changed)));
  });

  it('names every state of the definition', () => {
    for (const state of Object.keys(loadWorkflowDefinition().States)) expect(svg).toContain(`>${state}<`);
  });

  it('stands alone as an image: a fixed size, no script, no HTML inside, nothing fetched', () => {
    expect(svg).toMatch(/^<svg data-source-hash="[0-9a-f]{64}" width="\d+" height="\d+" /);
    expect(svg).not.toMatch(/<script|<foreignObject|\son[a-z]+=|href="(?!#)|url\((?!#)/i);
  });

  it('reads no hash from an SVG that carries none, or a malformed one', () => {
    expect(embeddedSourceHash('<svg width="1"><text data-source-hash="' + 'a'.repeat(64) + '"/></svg>')).toBeUndefined();
    expect(embeddedSourceHash('<svg data-source-hash="abc">')).toBeUndefined();
  });
});
