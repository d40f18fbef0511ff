import { describe, expect, it } from 'vitest';
import { QueueQuery } from '#domain/queue-query';
import { searchReferenceOf, searchTermOf } from '#domain/search';

describe('searchTermOf', () => {
  it('reads a reference in any case (optionally after #), a whole id, or an address, lower-cased', () => {
    expect(searchTermOf('AB12CD34')).toEqual({ kind: 'reference', reference: 'ab12cd34' });
    expect(searchTermOf(' #ab12cd34 ')).toEqual({ kind: 'reference', reference: 'ab12cd34' });
    const id = '6F1C2F5E-8A8B-4A57-9A53-3F2A1F0E9B11';
    expect(searchTermOf(id)).toEqual({ kind: 'reference', reference: '6f1c2f5e', id: id.toLowerCase() });
    expect(searchTermOf(' Ana.Lima@Example.COM ')).toEqual({ kind: 'email', email: 'ana.lima@example.com' });
    expect(searchReferenceOf(id)).toBe('6f1c2f5e');
  });

  it('takes nothing else: a name, a short or non-hex reference, an address with spaces, empty, too long', () => {
    for (const q of ['Ana Lima', 'ab12cd3', 'ab12cd3g', 'ab12cd345', 'ana @example.com', '@', '', '   ', `${'a'.repeat(250)}@x.io`]) {
      expect(searchTermOf(q), q).toBeUndefined();
    }
  });
});

describe('QueueQuery', () => {
  it('needs a stage or a search, takes a party, and no cursor with a search', () => {
    expect(QueueQuery.parse({ q: 'ab12cd34' })).toEqual({ q: 'ab12cd34', limit: 20 });
    expect(QueueQuery.parse({ stage: 'DESIGN', party: 'customer' })).toEqual({ stage: 'DESIGN', party: 'customer', limit: 20 });
    expect(QueueQuery.safeParse({}).success).toBe(false);
    expect(QueueQuery.safeParse({ q: 'ab12cd34', cursor: 'abc' }).success).toBe(false);
    expect(QueueQuery.safeParse({ stage: 'DESIGN', party: 'designer' }).success).toBe(false);
  });
});
