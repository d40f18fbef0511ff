import { tableName } from '#edge/config';
import { conflict, notFound, validationFailed } from '#lib/errors';
import { httpHandler, json, parseOrReject } from '#edge/http';
import { logger } from '#lib/logger';
import { OriginRegistry } from '#adapters/origin-registry';
import { dayOf, editOrigin, OriginCorrection, OriginId, OriginRetirement, originView } from '#domain/origins';
import { documentClient } from '#adapters/dynamo';

const registry = new OriginRegistry(documentClient(), tableName());

/** `If-Match: "3"` (or W/"3", or 3): the version the designer's edit was made on. */
function versionOf(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(ifMatch.trim());
  if (!match) throw validationFailed([{ path: 'If-Match', message: 'The version as returned in ETag, e.g. "3"' }], 'Invalid If-Match header');
  return Number(match[1]);
}

/**
 * PATCH /origins/{originId} — a designer corrects an origin's facts or retires it. An edit marks
 * the origin as the designer's: the seed never overwrites it again. With If-Match, an edit made on
 * an older version is refused (409 edit_conflict) rather than silently undoing someone else's.
 */
export const handler = httpHandler({ auth: 'designer', jsonBody: true }, async ({ event, designer }) => {
  const id = OriginId.safeParse(event.pathParameters?.originId);
  const expected = versionOf(event.headers['if-match']);
  // One branch or the other, so the refusal names the fields of the edit the designer meant.
  const body = event.body as unknown;
  const retiring = typeof body === 'object' && body !== null && 'retired' in body;
  const edit = retiring ? parseOrReject(OriginRetirement, body) : parseOrReject(OriginCorrection, body);
  const origin = id.success ? await registry.get(id.data) : undefined;
  if (!origin) throw notFound('Origin');
  const editConflict = () => conflict('edit_conflict', `${origin.name} was changed by someone else meanwhile: reload it and try again`);
  if (expected !== undefined && expected !== origin.version) throw editConflict();
  const now = new Date();
  const outcome = editOrigin(origin, edit, designer!.name, now.toISOString());
  if (!outcome.ok) throw conflict(outcome.code, outcome.message);
  if (!(await registry.save(outcome.origin, origin.version))) throw editConflict();
  logger.info('origin edited', { originId: origin.id, retired: 'retired' in edit });
  return json(200, originView(outcome.origin, dayOf(now)), { etag: `"${outcome.origin.version}"` });
});
