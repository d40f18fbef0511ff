/**
 * API latency under load: p50/p99 of every public route of the local stack, one route at a time,
 * with autocannon in a child process — bounded in requests and seconds, loopback only. Reported,
 * not gated: it measures this machine and the local stand-ins, not API Gateway and Lambda.
 */
import { runForReport } from './child-report.ts';
import { fileURLToPath } from 'node:url';
import { functionCatalogue, type HttpRoute } from '../../functions/catalogue.ts';

const CHILD = fileURLToPath(new URL('./latency-child.mjs', import.meta.url));

export interface RouteLatency {
  route: string;
  requests: number;
  /** null when no request was answered within the bound. */
  p50Ms: number | null;
  p99Ms: number | null;
  non2xx: number;
  errors: number;
}

export interface LatencyOptions {
  apiUrl: string;
  /** A real value for each path parameter of a public route, e.g. `{certificateId}`. */
  pathParameters: Record<string, string>;
  /** Query strings some routes need (the signed status link). */
  queries?: Record<string, string>;
  /** Request bodies of the public POST routes. */
  bodies: Record<string, unknown>;
  connections: number;
  maxRequests: number;
  seconds: number;
}

/** Every public route of the catalogue, with its parameters filled: a new route cannot be skipped. */
function publicRoutes(options: Pick<LatencyOptions, 'apiUrl' | 'pathParameters' | 'queries' | 'bodies'>) {
  return functionCatalogue.flatMap((spec) =>
    ((('routes' in spec ? spec.routes : undefined) ?? []) as readonly HttpRoute[])
      .filter((route) => route.auth === 'public')
      .map((route) => {
        const name = `${route.method} ${route.path}`;
        const path = route.path.replace(/\{(\w+)\}/g, (_, param: string) => {
          const value = options.pathParameters[param];
          if (value === undefined) throw new Error(`latency: no value for {${param}} of ${name}`);
          return encodeURIComponent(value);
        });
        const query = options.queries?.[name];
        const body = options.bodies[name];
        if (route.method !== 'GET' && body === undefined) throw new Error(`latency: no body for ${name}`);
        return {
          name,
          method: route.method,
          url: `${options.apiUrl}${path}${query ? `?${query}` : ''}`,
          ...(body !== undefined && { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
        };
      }),
  );
}

export function measureLatency(options: LatencyOptions): Promise<RouteLatency[]> {
  const routes = publicRoutes(options);
  const config = { routes, connections: options.connections, maxRequests: options.maxRequests, seconds: options.seconds };
  return runForReport<RouteLatency[]>(CHILD, [JSON.stringify(config)], 'latency load generator');
}
