/**
 * Keeps executions across a restart: every change is written to a JSON state file, and on start
 * the RUNNING executions found there are run again.
 *
 * Records only: task tokens are never written (reliability rule 4), so tokens from before a
 * restart are unknown to the new process (TaskDoesNotExist).
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ExecutionRecord } from './execution-record.ts';
import type { Executions } from './executions.ts';

export class ExecutionStateFile {
  private saving: Promise<void> = Promise.resolve();
  private saveQueued = false;

  /** Without `file`, nothing is saved or loaded. */
  constructor(
    private readonly file: string | undefined,
    private readonly records: () => ExecutionRecord[],
    private readonly log: (line: string) => void,
  ) {}

  /** Writes are serialised and coalesced; each is atomic (temp file + rename). */
  save(): void {
    if (!this.file || this.saveQueued) return;
    this.saveQueued = true;
    const file = this.file;
    this.saving = this.saving.then(async () => {
      this.saveQueued = false;
      const text = JSON.stringify({ version: 1, executions: this.records() }, null, 2);
      try {
        await mkdir(dirname(file), { recursive: true });
        const temporary = `${file}.${process.pid}.tmp`;
        await writeFile(temporary, text);
        await rename(temporary, file);
      } catch (error) {
        this.log(`[sfn] could not write ${file}: ${(error as Error).message}`);
      }
    });
  }

  /** Resolves when every pending write is on disk. */
  async flush(): Promise<void> {
    while (this.saveQueued) await this.saving;
    await this.saving;
  }

  /** The saved records; undefined without a file or when none has been written yet. */
  async load(): Promise<ExecutionRecord[] | undefined> {
    if (!this.file) return undefined;
    let saved: { executions?: ExecutionRecord[] };
    try {
      saved = JSON.parse(await readFile(this.file, 'utf8')) as { executions?: ExecutionRecord[] };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return (saved.executions ?? []).map((record) => ({ ...record, statesEntered: record.statesEntered ?? {} }));
  }
}

/**
 * Loads the state file (if any) and resumes every RUNNING execution by running it again from
 * the start with the same input. That is safe because the workflow is driven by the
 * commission record, not by execution state: EnterStage reads the record's current stage,
 * every task is idempotent (emails keyed by commission/stage/revision, the await task just
 * stores a fresh token), so a re-run converges to the wait it was in when the process stopped.
 */
export async function resumeSavedExecutions(stateFile: ExecutionStateFile, executions: Executions, log: (line: string) => void): Promise<void> {
  const saved = await stateFile.load();
  if (!saved) return;
  for (const record of saved) executions.adopt(record);
  for (const record of executions.all()) {
    if (record.status !== 'RUNNING') continue;
    log(`[sfn] ${record.name} resumed from the start (previous process stopped while it was running)`);
    record.runs += 1;
    executions.run(record);
  }
  stateFile.save();
}
