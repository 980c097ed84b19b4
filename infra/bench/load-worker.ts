import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { loadSpecSchema, type LoadResult } from './load-spec';

/**
 * Runs one bounded autocannon load in its own process (so the load generator does not share an event loop with the
 * stack it measures) and prints the result as JSON on stdout. Spec: a JSON file named by argv[2] (see load-spec.ts).
 */
async function main(): Promise<void> {
  const spec = loadSpecSchema.parse(JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')));
  if (!/^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\//.test(spec.url)) throw new Error(`load targets loopback only, not ${spec.url}`);
  let next = 0;
  const body = spec.bodyBase64 !== undefined ? Buffer.from(spec.bodyBase64, 'base64') : spec.body;
  const result = await autocannon({
    url: spec.url,
    method: spec.method,
    headers: spec.headers,
    connections: spec.connections,
    duration: spec.durationSeconds,
    requests: [
      {
        setupRequest: (request) => {
          const rotated = spec.requests?.length ? spec.requests[next++ % spec.requests.length] : undefined;
          if (rotated) return { ...request, ...(rotated.path ? { path: rotated.path } : {}), body: rotated.body, headers: { ...request.headers, ...rotated.headers } };
          return body === undefined ? request : { ...request, body };
        },
      },
    ],
  });
  const out: LoadResult = {
    requests: result.requests.total,
    rps: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
  process.stdout.write(JSON.stringify(out));
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
