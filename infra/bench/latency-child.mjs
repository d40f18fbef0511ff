// API latency under load, in its own process (so the load does not share the stack's event loop):
// autocannon against each route in turn, bounded in requests and in seconds, loopback only.
import { writeSync } from 'node:fs';
import autocannon from 'autocannon';

const { routes, connections, maxRequests, seconds } = JSON.parse(process.argv[2]);
const results = [];
for (const route of routes) {
  if (!/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(route.url)) throw new Error(`loopback only: ${route.url}`);
  const instance = autocannon({
    url: route.url,
    method: route.method,
    headers: route.headers ?? {},
    ...(route.body !== undefined && { body: route.body }),
    connections,
    duration: seconds,
    maxOverallRequests: maxRequests,
  });
  // autocannon honours both bounds; this only guards against a server that never answers.
  const guard = setTimeout(() => instance.stop(), (seconds + 5) * 1000);
  const result = await instance;
  clearTimeout(guard);
  results.push({
    route: route.name,
    requests: result.requests.total,
    // No answered request leaves autocannon's percentiles at 0: that is no measurement, not 0 ms.
    p50Ms: result.requests.total > 0 ? result.latency.p50 : null,
    p99Ms: result.requests.total > 0 ? result.latency.p99 : null,
    non2xx: result.non2xx,
    errors: result.errors,
  });
}
writeSync(3, JSON.stringify(results) + '\n');
process.exit(0);
