/**
 * Runs a bench script in a child process of its own (so the load it makes is not measured by the
 * process it loads) and reads the JSON report it writes to file descriptor 3.
 */
import { spawn } from 'node:child_process';

export function runForReport<Report>(script: string, args: string[], what: string): Promise<Report> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'inherit', 'inherit', 'pipe'],
    });
    let report = '';
    child.stdio[3]?.on('data', (chunk: Buffer) => (report += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (!report) return reject(new Error(`${what} exited with ${code} and no report`));
      resolve(JSON.parse(report) as Report);
    });
  });
}
