/**
 * The contract's limit on request bodies, and the one answer to a body over it. Three places
 * refuse such a body with this same 413: the handlers' edge (http.ts), the firewall in front of
 * the API on AWS (infra/constructs/public-edge.ts) and the local gateway that mirrors it. A module
 * of its own, importing nothing, so the CDK app and the local gateway take it without loading
 * the handlers' middleware.
 */
export const MAX_BODY_BYTES = 64 * 1024;

export const PAYLOAD_TOO_LARGE_MESSAGE = `The body must be at most ${MAX_BODY_BYTES / 1024} KB`;

/** The 413 body: `{"error": {code, message}}`, the contract's error shape. */
export const PAYLOAD_TOO_LARGE = { error: { code: 'payload_too_large', message: PAYLOAD_TOO_LARGE_MESSAGE } } as const;
