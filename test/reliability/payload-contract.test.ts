/**
 * Issue 3 item 5, the redeploy side of a restart: a commission's execution stays on the state
 * machine version it started on, possibly for weeks, while later deployments replace the
 * handlers. Every task payload any published version sends (test/reliability/task-payloads/)
 * must still parse with today's schemas, and today's definition must send one of those shapes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import { AwaitDecisionPayload, ChaseStagePayload, EnterStagePayload, RecordFailurePayload } from '#domain/schemas';
import { loadWorkflowDefinition } from '../../workflows/definition.ts';

const schemaOfTask: Record<string, z.ZodMiniType> = {
  EnterStage: EnterStagePayload,
  AwaitDesignerDecision: AwaitDecisionPayload,
  ChaseStalledStage: ChaseStagePayload,
  RecordFailure: RecordFailurePayload,
};

const folder = new URL('./task-payloads/', import.meta.url);
/** `v10.json` → 10: versions are ordered by number (as names, v10 would sort before v9). */
const versionNumber = (file: string) => {
  const match = /^v(\d+)\.json$/.exec(file);
  if (!match) throw new Error(`task-payloads/${file}: expected v<number>.json`);
  return Number(match[1]);
};
const byVersion = (files: string[]) => [...files].sort((a, b) => versionNumber(a) - versionNumber(b));
const versions = byVersion(readdirSync(folder).filter((file) => file.endsWith('.json')))
  .map((file) => ({ file, payloads: (JSON.parse(readFileSync(new URL(file, folder), 'utf8')) as { payloads: Record<string, Record<string, unknown>> }).payloads }));

describe('task payloads across deployments', () => {
  it('has a recorded shape for every task of every published version', () => {
    expect(versions.length).toBeGreaterThan(0);
    for (const { file, payloads } of versions) expect(Object.keys(payloads).sort(), file).toEqual(Object.keys(schemaOfTask).sort());
  });

  for (const { file, payloads } of versions) {
    it(`still parses every payload of ${file}`, () => {
      for (const [task, payload] of Object.entries(payloads)) {
        const result = schemaOfTask[task]!.safeParse(payload);
        expect(result.success, `${file} ${task}: ${JSON.stringify(result.error?.issues)}`).toBe(true);
      }
    });
  }

  it('orders recorded versions by number, so the newest is v10 and not v9', () => {
    expect(byVersion(['v10.json', 'v9.json', 'v1.json', 'v2.json'])).toEqual(['v1.json', 'v2.json', 'v9.json', 'v10.json']);
  });

  it("sends, from today's definition, the shape of the newest recorded version", () => {
    const newest = versions.at(-1)!.payloads;
    const states = loadWorkflowDefinition().States as Record<string, { Parameters?: { Payload?: Record<string, unknown> } }>;
    for (const [task, recorded] of Object.entries(newest)) {
      const template = states[task]?.Parameters?.Payload;
      expect(template, task).toBeDefined();
      const keys = Object.keys(template!).map((key) => key.replace(/\.\$$/, '')).sort();
      expect(keys, `${task}: the definition's payload changed — record a new version in task-payloads/`).toEqual(Object.keys(recorded).sort());
      expect(template!.schemaVersion, task).toBe(recorded.schemaVersion);
    }
  });

  it('refuses a payload from a version this deployment does not know', () => {
    expect(EnterStagePayload.safeParse({ schemaVersion: 99, commissionId: 'x' }).success).toBe(false);
  });
});
