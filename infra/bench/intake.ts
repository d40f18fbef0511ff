/**
 * Local intake throughput: `POST /commissions` on the local stack with N concurrent clients for
 * a few seconds (report only: it measures this machine and the local stand-ins, not AWS).
 */
import { fileURLToPath } from 'node:url';
import { runForReport } from './child-report.ts';
import { sampleEnquiry } from './scenarios.ts';

const CHILD = fileURLToPath(new URL('./load-child.mjs', import.meta.url));

export interface IntakeReport {
  connections: number;
  seconds: number;
  requests: number;
  errors: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
}

export async function measureIntake(apiUrl: string, connections: number, seconds: number): Promise<IntakeReport> {
  const args = [`${apiUrl}/commissions`, String(connections), String(seconds), JSON.stringify(sampleEnquiry())];
  const measured = await runForReport<Omit<IntakeReport, 'connections' | 'seconds'>>(CHILD, args, 'load generator');
  return { connections, seconds, ...measured };
}
