/** What the workflow's tasks write on a commission: the awaited decision, the chases, the stop. */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Commission, type HistoryEntry, type OpenStage, type Party, type Proposal, type Stage } from '#domain/schemas';
import { isConditionFailure } from './dynamo.ts';
import { commissionKey, PARTITION_KEY, START_PENDING_ATTRIBUTE, START_PENDING_SORT_KEY } from './table-keys.ts';
import { CommissionStore } from './commission-store.ts';

export class WorkflowRecords extends CommissionStore {
  /**
   * Marks the commission as awaiting a decision on (stage, revision) and stores the task token
   * there — only there. Its workflow runs, so it leaves the start-pending index if it was there.
   * False if the record has moved on meanwhile.
   */
  async markAwaiting(id: string, stage: OpenStage, revision: number, taskToken: string, now: string, party: Party = 'studio'): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: commissionKey(id),
          UpdateExpression:
            'SET awaiting = :awaiting, taskToken = :token, updatedAt = :now, version = version + :one ' +
            `REMOVE ${START_PENDING_ATTRIBUTE}, ${START_PENDING_SORT_KEY}`,
          ConditionExpression: '#stage = :stage AND revision = :revision',
          ExpressionAttributeNames: { '#stage': 'stage' },
          ExpressionAttributeValues: {
            ':awaiting': { stage, revision, since: now, party },
            ':token': taskToken,
            ':now': now,
            ':stage': stage,
            ':revision': revision,
            ':one': 1,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
  /**
   * Counts one more chase of an overdue decision on (stage, revision), atomically; the count
   * starts again at 1 for a new stage or revision. Undefined if the record has moved on.
   */
  async countChase(id: string, stage: Stage, revision: number, now: string): Promise<number | undefined> {
    const base = {
      TableName: this.tableName,
      Key: commissionKey(id),
      ExpressionAttributeNames: { '#stage': 'stage', '#cs': 'stage', '#cr': 'revision' },
    };
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          ...base,
          UpdateExpression: 'SET chases.#count = chases.#count + :one, updatedAt = :now',
          ConditionExpression: '#stage = :stage AND revision = :revision AND chases.#cs = :stage AND chases.#cr = :revision',
          ExpressionAttributeNames: { ...base.ExpressionAttributeNames, '#count': 'count' },
          ExpressionAttributeValues: { ':one': 1, ':now': now, ':stage': stage, ':revision': revision },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return (Attributes?.chases as { count: number }).count;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    try {
      await this.db.send(
        new UpdateCommand({
          ...base,
          UpdateExpression: 'SET chases = :chases, updatedAt = :now',
          ConditionExpression:
            '#stage = :stage AND revision = :revision AND (attribute_not_exists(chases) OR chases.#cs <> :stage OR chases.#cr <> :revision)',
          ExpressionAttributeValues: { ':chases': { stage, revision, count: 1 }, ':now': now, ':stage': stage, ':revision': revision },
        }),
      );
      return 1;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // Either the record moved on, or a concurrent chase created the counter: look again.
      const current = await this.get(id);
      if (!current || current.stage !== stage || current.revision !== revision) return undefined;
      return this.countChase(id, stage, revision, now);
    }
  }
  /** The workflow has stopped: nothing awaits a decision any more. Records why. */
  async stopWaiting(id: string, entry: HistoryEntry): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: commissionKey(id),
        UpdateExpression:
          'SET awaiting = :null, history = list_append(history, :entry), updatedAt = :now, version = version + :one REMOVE taskToken',
        ConditionExpression: `attribute_exists(${PARTITION_KEY})`,
        ExpressionAttributeValues: { ':null': null, ':entry': [entry], ':now': entry.at, ':one': 1 },
      }),
    );
  }

  /**
   * The customer's wait for a proposal ran out: the proposal lapses and the commission returns to
   * the studio one revision up — only if the record is still as read (its version), so an answer
   * that arrives at the same moment either wins entirely or finds the proposal lapsed.
   */
  async lapseProposal(before: Commission, lapsed: { proposal: Proposal; revision: number; entry: HistoryEntry }): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: commissionKey(before.id),
          UpdateExpression:
            'SET proposal = :proposal, revision = :revision, awaiting = :null, history = list_append(history, :entry), ' +
            'updatedAt = :now, version = :nextVersion REMOVE taskToken, chases',
          ConditionExpression: 'version = :version',
          ExpressionAttributeValues: {
            ':proposal': lapsed.proposal,
            ':revision': lapsed.revision,
            ':null': null,
            ':entry': [lapsed.entry],
            ':now': lapsed.entry.at,
            ':version': before.version,
            ':nextVersion': before.version + 1,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  // ── erasure (core/domain/erasure.ts) ───────────────────────────────────────────────────────
}
