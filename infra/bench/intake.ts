/**
 * Local intake throughput: `POST /commissions` on the local stack with N concurrent clients for
 * a few seconds (report only: it measures this machine and the local stand-ins, not AWS).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
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

export function measureIntake(apiUrl: string, connections: number, seconds: number): Promise<IntakeReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, `${apiUrl}/commissions`, String(connections), String(seconds), JSON.stringify(sampleEnquiry())], {
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'inherit', 'inherit', 'pipe'],
    });
    let report = '';
    child.stdio[3]?.on('data', (chunk: Buffer) => (report += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (!report) return reject(new Error(`load generator exited with ${code}`));
      resolve({ connections, seconds, ...(JSON.parse(report) as Omit<IntakeReport, 'connections' | 'seconds'>) });
    });
  });
}
