import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { LocalStackInfo } from '../local/state';
import { REPO_ROOT } from '../local/state';
import { runLoad } from './load-spec';

export interface WebhookBench {
  p50Ms: number;
  p99Ms: number;
  rps: number;
  healthP50Ms: number;
  healthP99Ms: number;
  /** Webhook p99 over GET /health p99, both loaded the same way in the same run. */
  p99Ratio: number;
}

/** Signs a body the way Stripe does (`t=<unix>,v1=<hmac-sha256 of "t.body">`). */
export function stripeSignature(body: string, secret: string, at = Math.floor(Date.now() / 1000)): string {
  return `t=${at},v1=${createHmac('sha256', secret).update(`${at}.${body}`).digest('hex')}`;
}

/**
 * Load on `POST /v1/webhooks/stripe` (verify the signature on the raw body + durable FIFO enqueue) with unique, freshly
 * signed `invoice.paid` events for customers Argus does not know (so the processor's work stays constant), beside
 * `GET /health` loaded identically: the ratio is what verify + enqueue cost over the bare request path.
 */
export async function webhookBench(stack: LocalStackInfo, durationSeconds = 5, connections = 8): Promise<WebhookBench> {
  const sample = JSON.parse(readFileSync(path.join(REPO_ROOT, 'events', 'samples', 'stripe', 'invoice-paid.json'), 'utf8'));
  const requests = Array.from({ length: 3000 }, (_, i) => {
    const event = { ...sample, id: `evt_bench_${randomUUID().replace(/-/g, '')}`, data: { ...sample.data, object: { ...sample.data.object, customer: `cus_bench_${i % 64}` } } };
    const body = JSON.stringify(event);
    return { body, headers: { 'content-type': 'application/json', 'stripe-signature': stripeSignature(body, stack.stripe.webhookSecret) } };
  });
  const health = await runLoad({ url: `${stack.apiUrl}/health`, connections, durationSeconds });
  const webhook = await runLoad({ url: `${stack.apiUrl}/v1/webhooks/stripe`, method: 'POST', requests, connections, durationSeconds });
  if (webhook.non2xx > 0 || webhook.errors > 0) throw new Error(`webhook bench: ${webhook.non2xx} non-2xx answers, ${webhook.errors} errors`);
  return {
    p50Ms: webhook.p50Ms,
    p99Ms: webhook.p99Ms,
    rps: webhook.rps,
    healthP50Ms: health.p50Ms,
    healthP99Ms: health.p99Ms,
    p99Ratio: Math.round((webhook.p99Ms / Math.max(health.p99Ms, 1)) * 100) / 100,
  };
}
