/**
 * GET /commissions: the designers' queue of one stage, or a search (core/domain/search.ts). Apart
 * from schemas.ts, so the functions that never list commissions (the public enquiry above all,
 * near its bundle budget) do not carry it.
 */
import * as z from 'zod/mini';
import { Party } from './customer-schemas.ts';
import { Stage } from './schema-parts.ts';
import { MAX_SEARCH_LENGTH, searchTermOf } from './search.ts';

export const QueueQuery = z
  .strictObject({
    /** The queue of one stage; with `q`, narrows the search to that stage. */
    stage: z.optional(Stage),
    /** Only the commissions awaiting this party's decision (absent: all). */
    party: z.optional(Party),
    /** Search across stages: a reference (the id's first 8 characters, any case) or a customer's email address (any case). */
    q: z.optional(
      z.string().check(
        z.maxLength(MAX_SEARCH_LENGTH, `At most ${MAX_SEARCH_LENGTH} characters`),
        // Too long is said once, above.
        z.refine((q) => q.length > MAX_SEARCH_LENGTH || searchTermOf(q) !== undefined, 'A reference (the 8 characters a customer quotes) or an email address'),
      ),
    ),
    limit: z._default(
      z.coerce.number().check(z.int('Must be a whole number'), z.gte(1, 'At least 1'), z.lte(100, 'At most 100')),
      20,
    ),
    cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(1024), z.regex(/^[A-Za-z0-9_-]+$/, 'Not a cursor'))),
  })
  .check(
    // A search answers one page (a reference or an address matches few), so it takes no cursor.
    z.refine((query) => query.q === undefined || query.cursor === undefined, { message: 'A search has no further pages', path: ['cursor'] }),
    z.refine((query) => query.q !== undefined || query.stage !== undefined, { message: 'Required (or a search, q)', path: ['stage'] }),
  );
export type QueueQuery = z.infer<typeof QueueQuery>;
