import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalStack } from './infra/local/start.ts';
import { sampleEnquiry } from './infra/bench/scenarios.ts';
const stack = await startLocalStack({ port: 0, sesPort: 0, sfnPort: 0, stateDir: await mkdtemp(join(tmpdir(), 'load-')), persistent: false, schedules: false, log: () => {} });
const ids: string[] = [];
const end = Date.now() + 10000;
await Promise.all(Array.from({ length: 50 }, async () => {
  while (Date.now() < end) {
    const r = await fetch(`${stack.apiUrl}/commissions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(sampleEnquiry()) });
    const b = await r.json() as { id: string }; ids.push(b.id);
  }
}));
console.error('submitted', ids.length);
await new Promise((r) => setTimeout(r, 60000));
const recs = stack.stepFunctions.executionRecords();
const by: Record<string, number> = {};
for (const r of recs) { const k = `${r.status} ${r.error ?? ''} ${(r.cause ?? '').slice(0, 150)}`; by[k] = (by[k] ?? 0) + 1; }
console.error(JSON.stringify(by, null, 1));
const { CommissionRepository, documentClient } = await import('./functions/core/repository.ts');
const repo = new CommissionRepository(documentClient(), process.env.TABLE_NAME!);
const notes: Record<string, number> = {};
for (const r of recs.filter((r) => r.status === 'FAILED').slice(0, 200)) { const c = await repo.get(r.name); const n = c?.history.find((h) => h.event.startsWith('workflow-'))?.note ?? 'none'; notes[n] = (notes[n] ?? 0) + 1; }
console.error(JSON.stringify(notes, null, 1));
await stack.close();
process.exit(0);
