import autocannon from 'autocannon';
import { ChildProcess } from 'node:child_process';

/** Waits until the API answers its liveness probe; fails if the process exits first. */
export async function waitForLive(server: ChildProcess, base: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the API exited with code ${server.exitCode}`);
    try {
      if ((await fetch(`${base}/health/live`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the API did not start within 60 s');
}

export function runAutocannon(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** One line per route: throughput, p50, p99 and how many answers were not 2xx. */
export function resultLine(name: string, result: autocannon.Result, width = 28): string {
  const non2xx = result.non2xx + result.errors + result.timeouts;
  return `${name.padEnd(width)} ${result.requests.average.toFixed(0).padStart(7)} req/s   p50 ${String(result.latency.p50).padStart(4)} ms   p99 ${String(result.latency.p99).padStart(4)} ms   (${result.requests.total} requests, ${non2xx} not 2xx)`;
}
