/**
 * The commission records. Every change is one atomic single-item write (dynalite has no
 * transactions, and none is needed): a condition expression guards each transition, and
 * `list_append` adds to the audit history in the same write.
 */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type {
  Claim,
  ConfirmOutcome,
  DecisionClaim,
  DecisionStore,
  EnquiryConfirmations,
  ErasableCommissions,
  ErasureOutcome,
  ErasureWrite,
  NewCommissions,
  QueuePage,
  StageQueue,
  StartPendingPage,
  StrandedEnquiries,
} from '#domain/ports';
import { Commission, QueueItem, type HistoryEntry, type OpenStage, type QueueEntry, type Stage } from '#domain/schemas';
import { isConditionFailure } from './dynamo.ts';
import {
  commissionIdOf,
  commissionKey,
  emailLedgerRange,
  EXPIRES_AT,
  PARTITION_KEY,
  QUEUE_ENTRY,
  SORT_KEY,
  STAGE_ATTRIBUTE,
  STAGE_INDEX,
  STAGE_SORT_KEY,
  stageSortKey,
  START_PENDING,
  START_PENDING_ATTRIBUTE,
  START_PENDING_INDEX,
  START_PENDING_SORT_KEY,
  startPendingSortKey,
} from './table-keys.ts';

export class CommissionStore implements DecisionStore, NewCommissions, EnquiryConfirmations, StrandedEnquiries, StageQueue, ErasableCommissions {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Stores a new, unconfirmed commission: without the queue's sort key (so in no queue: the
   * index is sparse) and with the table's TTL attribute, so DynamoDB deletes it at `expiresAt`
   * (unix seconds) unless it is confirmed first. False if one with that id already exists.
   */
  async create(commission: Commission, expiresAt: number): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...storedCommission(commission), [EXPIRES_AT]: expiresAt },
          ConditionExpression: `attribute_not_exists(${PARTITION_KEY})`,
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /**
   * Confirms an unconfirmed enquiry in one conditional write: it enters the ENQUIRY queue (its
   * sort key, from the moment of confirmation) and the start-pending index (until its workflow
   * has started), stops expiring, and records `entry`. Then tells apart a second confirmation
   * from a record that is gone (deleted unconfirmed).
   */
  async confirm(id: string, entry: HistoryEntry): Promise<ConfirmOutcome> {
    const now = entry.at;
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: commissionKey(id),
          UpdateExpression:
            `SET confirmedAt = :now, stageEnteredAt = :now, ${STAGE_SORT_KEY} = :sortKey, ` +
            `${START_PENDING_ATTRIBUTE} = :pending, ${START_PENDING_SORT_KEY} = :pendingSince, ` +
            `history = list_append(history, :entry), updatedAt = :now, version = version + :one REMOVE ${EXPIRES_AT}`,
          ConditionExpression: `attribute_exists(${PARTITION_KEY}) AND attribute_not_exists(confirmedAt) AND attribute_not_exists(erasure) AND #stage = :enquiry`,
          ExpressionAttributeNames: { '#stage': STAGE_ATTRIBUTE },
          ExpressionAttributeValues: {
            ':now': now,
            ':sortKey': stageSortKey(now, id),
            ':pending': START_PENDING,
            ':pendingSince': startPendingSortKey(now, id),
            ':entry': [entry],
            ':one': 1,
            ':enquiry': 'ENQUIRY',
          },
        }),
      );
      return 'confirmed';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    // Erased before it was confirmed: as good as deleted.
    const current = await this.get(id);
    return current && !current.erasure ? 'already-confirmed' : 'gone';
  }

  /**
   * One page of the confirmed enquiries whose workflow has not started, confirmed before
   * `confirmedBefore` (ISO), oldest first: ids only, from the sparse start-pending index
   * (KEYS_ONLY), so its cost follows the few stranded enquiries, not all enquiries.
   */
  async listStartPending(confirmedBefore: string, limit: number, cursor?: string): Promise<StartPendingPage> {
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: START_PENDING_INDEX,
        KeyConditionExpression: '#pending = :pending AND #since < :before',
        ExpressionAttributeNames: { '#pending': START_PENDING_ATTRIBUTE, '#since': START_PENDING_SORT_KEY },
        ExpressionAttributeValues: { ':pending': START_PENDING, ':before': confirmedBefore },
        ScanIndexForward: true,
        Limit: limit,
        ...(cursor && { ExclusiveStartKey: JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown> }),
      }),
    );
    return {
      ids: Items.map((item) => commissionIdOf(String(item[PARTITION_KEY]))).filter((id): id is string => id !== undefined),
      // Only this function's own loop passes the cursor back: it never leaves the process.
      ...(LastEvaluatedKey && { cursor: Buffer.from(JSON.stringify(LastEvaluatedKey), 'utf8').toString('base64url') }),
    };
  }

  /** The enquiry's workflow has started: it leaves the start-pending index (no-op if it has, or the record is gone). */
  async markStarted(id: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: commissionKey(id),
          UpdateExpression: `REMOVE ${START_PENDING_ATTRIBUTE}, ${START_PENDING_SORT_KEY}`,
          // Never creates an item: an UpdateItem on a missing key would.
          ConditionExpression: `attribute_exists(${PARTITION_KEY})`,
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async get(id: string): Promise<Commission | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: commissionKey(id), ConsistentRead: true }),
    );
    // Parsing strips storage-only attributes: keys, sort keys and, above all, the task token.
    return Item ? Commission.parse(Item) : undefined;
  }

  /** One page of a stage's queue, oldest in stage first; the cursor is opaque to clients. */
  async listByStage(stage: Stage, limit: number, cursor?: string): Promise<QueuePage> {
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: STAGE_INDEX,
        KeyConditionExpression: '#stage = :stage',
        ExpressionAttributeNames: { '#stage': STAGE_ATTRIBUTE },
        ExpressionAttributeValues: { ':stage': stage },
        ScanIndexForward: true,
        Limit: limit,
        ...(cursor && { ExclusiveStartKey: decodeCursor(cursor, stage) }),
      }),
    );
    return {
      // The index holds the queue's fields only (table-design.ts); the id is the record's key.
      items: Items.map((item) => QueueItem.parse({ ...item, id: commissionIdOf(String(item[PARTITION_KEY])) })),
      ...(LastEvaluatedKey && { cursor: encodeCursor(LastEvaluatedKey) }),
    };
  }

  /**
   * Claims a designer's decision: moves the record to its next stage and revision, records the
   * decision in the history, and takes the task token — all in one conditional write that only
   * succeeds if the commission still awaits exactly this stage and revision at the version read.
   * Of many identical concurrent decisions exactly one wins; the rest get `undefined`.
   */
  async claimDecision(input: DecisionClaim): Promise<Claim | undefined> {
    const { before, next, entry, approval, now } = input;
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
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: commissionKey(before.id),
          UpdateExpression: `SET ${sets.join(', ')} REMOVE taskToken, chases`,
          ConditionExpression: 'version = :version AND awaiting.#as = :awaitingStage AND awaiting.#ar = :awaitingRevision',
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
  async revertClaim(claim: Claim, approvalField: string | undefined, entry: HistoryEntry, now: string): Promise<boolean> {
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
    let restoreApproval = '';
    if (approvalField) {
      names['#approval'] = approvalField;
      const previous = before[approvalField as keyof Commission];
      if (previous === undefined) restoreApproval = ' REMOVE #approval';
      else {
        values[':approval'] = previous;
        restoreApproval = ', #approval = :approval';
      }
    }
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

  /**
   * Marks the commission as awaiting a decision on (stage, revision) and stores the task token
   * there — only there. Its workflow runs, so it leaves the start-pending index if it was there.
   * False if the record has moved on meanwhile.
   */
  async markAwaiting(id: string, stage: OpenStage, revision: number, taskToken: string, now: string): Promise<boolean> {
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
            ':awaiting': { stage, revision, since: now },
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

  /** Adds an entry to the audit history (system events: reminders, failures). */
  async appendHistory(id: string, entry: HistoryEntry): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: commissionKey(id),
        UpdateExpression: 'SET history = list_append(history, :entry), updatedAt = :now',
        ConditionExpression: `attribute_exists(${PARTITION_KEY})`,
        ExpressionAttributeValues: { ':entry': [entry], ':now': entry.at },
      }),
    );
  }

  /**
   * Renews the customer's status link: its version goes from `from` to `from + 1`, so every link
   * signed before stops working. Undefined if the record is gone or its link is no longer at
   * `from` (renewed meanwhile); the record after the change otherwise.
   */
  async renewStatusLink(id: string, from: number, entry: HistoryEntry): Promise<Commission | undefined> {
    // A record that never had its link renewed has no version attribute: it is at version 1.
    const atFrom = from === 1 ? '(attribute_not_exists(statusLinkVersion) OR statusLinkVersion = :from)' : 'statusLinkVersion = :from';
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: commissionKey(id),
          UpdateExpression:
            'SET statusLinkVersion = :next, history = list_append(history, :entry), updatedAt = :now, version = version + :one',
          ConditionExpression: `attribute_exists(${PARTITION_KEY}) AND ${atFrom}`,
          ExpressionAttributeValues: { ':from': from, ':next': from + 1, ':entry': [entry], ':now': entry.at, ':one': 1 },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Commission.parse(Attributes);
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
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

  // ── erasure (core/domain/erasure.ts) ───────────────────────────────────────────────────────

  /**
   * Removes the customer's details from the record and records the erasure, in one conditional
   * write at the version read: only a closed record (COMPLETED, CANCELLED) or an enquiry never
   * confirmed (it still carries its expiry, which confirmation removes). The record also leaves the
   * designers' queue (its queue sort key and queue entry go), so nothing of it is left in an index,
   * and loses its task token.
   */
  async erase(write: ErasureWrite): Promise<ErasureOutcome> {
    const { before, erasure, piece, history } = write;
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: commissionKey(before.id),
          UpdateExpression:
            'SET piece = :piece, history = :history, erasure = :erasure, updatedAt = :now, version = :nextVersion ' +
            `REMOVE customer, taskToken, ${STAGE_SORT_KEY}, ${QUEUE_ENTRY}`,
          // The history is rewritten (people's notes go): an entry appended since the read (those
          // writes leave the version alone) must not be lost, so its length is checked too.
          ConditionExpression:
            `version = :version AND size(history) = :historyLength ` +
            `AND (#stage IN (:completed, :cancelled) OR attribute_exists(${EXPIRES_AT}))`,
          ExpressionAttributeNames: { '#stage': 'stage' },
          ExpressionAttributeValues: {
            ':piece': piece,
            ':history': history,
            ':erasure': erasure,
            ':now': erasure.at,
            ':version': before.version,
            ':nextVersion': before.version + 1,
            ':historyLength': before.history.length,
            ':completed': 'COMPLETED',
            ':cancelled': 'CANCELLED',
          },
        }),
      );
      return 'erased';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: commissionKey(before.id), ConsistentRead: true, ProjectionExpression: 'version, history' }),
    );
    if (!Item) return 'gone';
    const unchanged = Item.version === before.version && (Item.history as unknown[]).length === before.history.length;
    return unchanged ? 'open' : 'changed';
  }

  /**
   * The email ledger beside the record keeps, per email, whether it was sent (so none is sent
   * twice), never to whom; it loses SES's message id, which would tie it to the message SES logged.
   */
  async clearEmailLedger(commissionId: string): Promise<void> {
    const { partition, sortKeyPrefix } = emailLedgerRange(commissionId);
    let startKey: Record<string, unknown> | undefined;
    do {
      const { Items = [], LastEvaluatedKey } = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :email)',
          ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#sk': SORT_KEY },
          ExpressionAttributeValues: { ':pk': partition, ':email': sortKeyPrefix },
          ProjectionExpression: '#pk, #sk, messageId',
          ConsistentRead: true,
          ...(startKey && { ExclusiveStartKey: startKey }),
        }),
      );
      for (const item of Items.filter((i) => i.messageId !== undefined)) {
        await this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { [PARTITION_KEY]: item[PARTITION_KEY] as string, [SORT_KEY]: item[SORT_KEY] as string },
            UpdateExpression: 'REMOVE messageId',
            ConditionExpression: `attribute_exists(${PARTITION_KEY})`,
          }),
        ).catch((error: unknown) => {
          if (!isConditionFailure(error)) throw error;
        });
      }
      startKey = LastEvaluatedKey;
    } while (startKey);
  }
}

/**
 * A commission as the table stores it: its key, the record, and the queue's fields apart
 * (`queueEntry`), which the queue index projects instead of the whole record.
 */
export function storedCommission(commission: Commission): Record<string, unknown> {
  const entry: QueueEntry = { customerName: commission.customer?.name ?? '', pieceKind: commission.piece.kind, metalScheme: commission.metal.scheme };
  return { ...commissionKey(commission.id), ...commission, [QUEUE_ENTRY]: entry };
}

// The cursor is the index position of the last item, base64url-encoded. It is checked on the
// way back in, so a forged cursor cannot steer the query to another stage or another table key.
function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify([key[PARTITION_KEY], key[STAGE_SORT_KEY]]), 'utf8').toString('base64url');
}

export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}

const COMMISSION_ID = /^[0-9a-f-]{36}$/;

function decodeCursor(cursor: string, stage: Stage): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('Not a cursor');
  }
  const [partition, sortKey] = Array.isArray(parsed) && parsed.length === 2 ? (parsed as unknown[]) : [];
  const id = typeof partition === 'string' ? commissionIdOf(partition) : undefined;
  if (id === undefined || !COMMISSION_ID.test(id) || typeof sortKey !== 'string' || !sortKey.endsWith(id)) {
    throw new InvalidCursorError('Not a cursor');
  }
  return { ...commissionKey(id), [STAGE_ATTRIBUTE]: stage, [STAGE_SORT_KEY]: sortKey };
}
