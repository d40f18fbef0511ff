/**
 * A designer's decision on a commission: claimed in one conditional write, taken back if no
 * workflow waited for it (core/domain/decisions.ts).
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Claim, DecisionClaim, DecisionStore } from '#domain/ports';
import { type HistoryEntry, type Commission } from '#domain/schemas';
import { isConditionFailure } from './dynamo.ts';
import { commissionKey, STAGE_SORT_KEY, stageSortKey } from './table-keys.ts';
import { CommissionStore } from './commission-store.ts';

export class CommissionDecisions extends CommissionStore implements DecisionStore {
  /**
   * Claims a designer's decision: moves the record to its next stage and revision, records the
   * decision in the history, and takes the task token — all in one conditional write that only
   * succeeds if the commission still awaits exactly this stage and revision at the version read.
   * Of many identical concurrent decisions exactly one wins; the rest get `undefined`.
   */
  async claimDecision(input: DecisionClaim): Promise<Claim | undefined> {
    const { before, next, entry, approval, fields, party, now } = input;
    const awaiting = before.awaiting;
    if (!awaiting) return undefined;
    const movesOn = next.stage !== before.stage || next.revision !== before.revision;
    const values: Record<string, unknown> = {
      ':version': before.version,
      ':nextVersion': before.version + 1,
      ':awaitingStage': awaiting.stage,
      ':awaitingRevision': awaiting.revision,
      ':stage': next.stage,
      ':revision': next.revision,
      ':entry': [entry],
      ':now': now,
    };
    const sets = [
      '#stage = :stage',
      'revision = :revision',
      'awaiting = :null',
      'history = list_append(history, :entry)',
      'updatedAt = :now',
      'version = :nextVersion',
    ];
    values[':null'] = null;
    if (movesOn) {
      sets.push('stageEnteredAt = :now', `${STAGE_SORT_KEY} = :sortKey`);
      values[':sortKey'] = stageSortKey(now, before.id);
    }
    const names: Record<string, string> = { '#stage': 'stage', '#as': 'stage', '#ar': 'revision' };
    if (approval) {
      sets.push('#approval = :approval');
      names['#approval'] = approval.field;
      values[':approval'] = approval.value;
    }
    Object.entries(fields ?? {}).forEach(([field, value], i) => {
      sets.push(`#f${i} = :f${i}`);
      names[`#f${i}`] = field;
      values[`:f${i}`] = value;
    });
    let condition = 'version = :version AND awaiting.#as = :awaitingStage AND awaiting.#ar = :awaitingRevision';
    if (party) {
      // Records from before `party` existed await the studio.
      names['#ap'] = 'party';
      values[':party'] = party;
      condition += party === 'studio' ? ' AND (attribute_not_exists(awaiting.#ap) OR awaiting.#ap = :party)' : ' AND awaiting.#ap = :party';
    }
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: commissionKey(before.id),
          UpdateExpression: `SET ${sets.join(', ')} REMOVE taskToken, chases`,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_OLD',
        }),
      );
      return { taskToken: Attributes?.taskToken as string | undefined, before };
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }
  /**
   * Undoes a claim whose workflow is gone (the task no longer exists), so the record does not
   * claim a stage nobody will act on. Only if nothing else has written since the claim.
   */
  async revertClaim(claim: Claim, restoreFields: readonly string[], entry: HistoryEntry, now: string): Promise<boolean> {
    const { before } = claim;
    const names: Record<string, string> = { '#stage': 'stage' };
    const values: Record<string, unknown> = {
      ':stage': before.stage,
      ':revision': before.revision,
      ':enteredAt': before.stageEnteredAt,
      ':sortKey': stageSortKey(before.stageEnteredAt, before.id),
      ':entry': [entry],
      ':now': now,
      ':claimedVersion': before.version + 1,
      ':nextVersion': before.version + 2,
    };
    const restoreSets: string[] = [];
    const removes: string[] = [];
    restoreFields.forEach((field, i) => {
      names[`#r${i}`] = field;
      const previous = before[field as keyof Commission];
      if (previous === undefined) removes.push(`#r${i}`);
      else {
        values[`:r${i}`] = previous;
        restoreSets.push(`, #r${i} = :r${i}`);
      }
    });
    const restoreApproval = restoreSets.join('') + (removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : '');
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: commissionKey(before.id),
          UpdateExpression:
            `SET #stage = :stage, revision = :revision, stageEnteredAt = :enteredAt, ${STAGE_SORT_KEY} = :sortKey, ` +
            `history = list_append(history, :entry), updatedAt = :now, version = :nextVersion${restoreApproval}`,
          ConditionExpression: 'version = :claimedVersion',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
