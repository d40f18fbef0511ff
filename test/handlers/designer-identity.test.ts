/**
 * Who the audit history says acted: the token's `sub` (which a designer cannot change), after the
 * address people recognise; never the address alone, which is an attribute of the account.
 */
import { describe, expect, it } from 'vitest';
import { designerFrom, type HttpEvent } from '#edge/http';

const SUB = '3f2a9c1e-5b7d-4e2f-8a6b-1c2d3e4f5a6b';
const OTHER_SUB = '9b8a7c6d-1e2f-4a3b-8c4d-5e6f7a8b9c0d';

const withClaims = (claims: Record<string, string>) =>
  ({ requestContext: { authorizer: { jwt: { claims: { 'cognito:groups': '[designers]', ...claims }, scopes: null } } } }) as unknown as HttpEvent;

describe('designerFrom', () => {
  it('names the designer by address for people and by sub for identity', () => {
    expect(designerFrom(withClaims({ sub: SUB, email: 'rosa@studio.example' }))).toEqual({ name: `rosa@studio.example (${SUB})`, sub: SUB });
  });

  it('tells apart two accounts that show the same address', () => {
    const one = designerFrom(withClaims({ sub: SUB, email: 'rosa@studio.example' }));
    const other = designerFrom(withClaims({ sub: OTHER_SUB, email: 'rosa@studio.example' }));
    expect(one.name).not.toBe(other.name);
  });

  it('falls back to the username, then to the sub alone', () => {
    expect(designerFrom(withClaims({ sub: SUB, 'cognito:username': 'rosa' })).name).toBe(`rosa (${SUB})`);
    expect(designerFrom(withClaims({ sub: SUB })).name).toBe(SUB);
    // A Cognito access token's username is the sub itself: said once.
    expect(designerFrom(withClaims({ sub: SUB, 'cognito:username': SUB })).name).toBe(SUB);
  });

  it('refuses a token without a sub, or outside the designers group', () => {
    expect(() => designerFrom(withClaims({ email: 'rosa@studio.example' }))).toThrow(expect.objectContaining({ statusCode: 401 }));
    expect(() => designerFrom(withClaims({ sub: SUB, 'cognito:groups': '[customers]' }))).toThrow(expect.objectContaining({ statusCode: 403 }));
  });
});
