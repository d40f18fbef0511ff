import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HISTORY_EVENT_LABELS, metalName, pieceName, shortReference, sourcedMetal } from '#domain/labels';
import { DECISION_EVENT } from '#domain/stages';

const FUNCTIONS = fileURLToPath(new URL('../../functions/', import.meta.url));

/** The history events the server code writes: every quoted value in the expression after `event:`, comparisons dropped. */
async function writtenEvents(): Promise<{ literal: Set<string>; templates: Set<string> }> {
  const literal = new Set<string>(Object.values(DECISION_EVENT));
  const templates = new Set<string>();
  const files = (await readdir(FUNCTIONS, { recursive: true })).filter((f) => f.endsWith('.ts') && !f.startsWith('browser'));
  for (const file of files) {
    for (const [, expression] of (await readFile(join(FUNCTIONS, file), 'utf8')).matchAll(/\bevent: ([^,}\n]+)/g)) {
      const values = expression!.replace(/[=!]==\s*'[^']*'/g, '');
      for (const [, value] of values.matchAll(/'([a-z-]+)'/g)) literal.add(value!);
      for (const [, prefix] of values.matchAll(/`([a-z-]+)\$\{/g)) templates.add(prefix!);
    }
  }
  return { literal, templates };
}

describe('labels', () => {
  it('name every history event the code writes', async () => {
    const { literal, templates } = await writtenEvents();
    expect(literal.size).toBeGreaterThan(5);
    for (const event of literal) expect(Object.keys(HISTORY_EVENT_LABELS), event).toContain(event);
    for (const prefix of templates) expect(Object.keys(HISTORY_EVENT_LABELS).some((e) => e.startsWith(prefix)), prefix).toBe(true);
  });

  it('say the piece, the metal and the reference as the emails always have', () => {
    expect(pieceName({ piece: { kind: 'engagement-ring' } })).toBe('engagement ring');
    expect(metalName({ metal: { scheme: 'fairmined-ecological', metal: 'gold', fineness: '18ct', colour: 'yellow' } })).toBe('18ct yellow Fairmined Ecological gold');
    expect(metalName({ metal: { scheme: 'fairtrade', metal: 'silver' } })).toBe('Fairtrade silver');
    expect(sourcedMetal({ scheme: 'fairtrade', metal: 'gold', fineness: '18ct', weightGrams: 4.2 })).toBe('18ct Fairtrade gold, 4.2 g');
    expect(shortReference('6f1c2f5e-8a8b-4a57-9a53-3f2a1f0e9b11')).toBe('6F1C2F5E');
  });
});
