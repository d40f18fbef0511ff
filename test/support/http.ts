/** HTTP against the local stack as a client on the internet calls it, and the process's output captured. */

export interface HttpInit {
  method?: string;
  /** Sent as JSON. */
  body?: unknown;
  /** A designer's ID token, sent as the bearer. */
  token?: string;
  headers?: Record<string, string>;
}

export interface HttpAnswer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers of many shapes, asserted field by field
  body: any;
  /** A redirect's target: redirects are not followed. */
  location: string | null;
  /** API Gateway's request id, as a client sees it on AWS too. */
  requestId: string;
}

/**
 * A fetch for paths under `baseUrl()` (read at each call: the stack starts after the client is
 * made) or for absolute URLs. JSON answers are parsed; pages (HTML) are kept as text.
 */
export function httpClient(baseUrl: () => string): (path: string, init?: HttpInit) => Promise<HttpAnswer> {
  return async (path, init = {}) => {
    const response = await fetch(path.startsWith('http') ? path : `${baseUrl()}${path}`, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        ...(init.body !== undefined && { 'content-type': 'application/json' }),
        ...(init.token && { authorization: `Bearer ${init.token}` }),
        ...init.headers,
      },
      ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
    });
    const text = await response.text();
    const body: unknown = (response.headers.get('content-type') ?? '').includes('json') && text ? JSON.parse(text) : text || undefined;
    return { status: response.status, body, location: response.headers.get('location'), requestId: response.headers.get('apigw-requestid') ?? '' };
  };
}

/**
 * From now on, every chunk written to stdout and stderr (the handlers' structured log lines
 * included) is also pushed to `into`, and still written. Returns the function that stops it.
 */
export function captureOutput(into: string[]): () => void {
  const original = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    into.push(String(chunk));
    return original.out(chunk, ...(rest as []));
  });
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    into.push(String(chunk));
    return original.err(chunk, ...(rest as []));
  });
  return () => {
    process.stdout.write = original.out;
    process.stderr.write = original.err;
  };
}
