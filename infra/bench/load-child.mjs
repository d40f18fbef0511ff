// A bounded HTTP load generator in its own process (so it does not share the stack's event loop):
// `connections` clients, each sending one request after another for `seconds`, loopback only.
import { writeSync } from 'node:fs';

const [url, connections, seconds, body] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4]), process.argv[5]];
if (!/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(url)) throw new Error('loopback only');
const latencies = [];
let errors = 0;
const started = performance.now();
const deadline = started + seconds * 1000;
async function client() {
  while (performance.now() < deadline) {
    const t0 = performance.now();
    try {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      await response.arrayBuffer();
      if (response.status !== 201) errors += 1;
    } catch {
      errors += 1;
    }
    latencies.push(performance.now() - t0);
  }
}
await Promise.all(Array.from({ length: connections }, client));
const elapsed = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
writeSync(3, JSON.stringify({ requests: latencies.length, errors, rps: latencies.length / elapsed, p50Ms: at(0.5), p99Ms: at(0.99) }) + '\n');
process.exit(0);
