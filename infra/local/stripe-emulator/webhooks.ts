import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { Store } from './store';

const RETRY_DELAYS_MS = [200, 500, 1000, 2000];
const ATTEMPT_TIMEOUT_MS = 5000;

/** `Stripe-Signature` exactly as Stripe builds it; `t` is REAL wall-clock time (receivers check tolerance). */
export function signPayload(payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

function post(url: string, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent: false, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.setTimeout(ATTEMPT_TIMEOUT_MS, () => req.destroy(new Error('webhook delivery timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Delivers events one at a time, in queue order. The queue (`outbox`) and the held list live in the
 * store, so undelivered events survive a restart. While held, new events park in `held`.
 */
export class WebhookDispatcher {
  private running: Promise<void> | null = null;
  private closed = false;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly store: Store,
    private readonly secret: string,
    private url: string | undefined,
    private readonly log: (msg: string) => void,
  ) {}

  setUrl(url: string): void {
    this.url = url;
    this.kick();
  }

  enqueue(eventId: string): void {
    const w = this.store.state.webhooks;
    if (w.hold) w.held.push(eventId);
    else w.outbox.push(eventId);
    this.kick();
  }

  /** Moves held events into the outbox (in `order`, then the rest), each `duplicates` times. */
  release(order: string[] | undefined, duplicates: number): string[] {
    const w = this.store.state.webhooks;
    const listed = order ?? [];
    const sequence = [...listed, ...w.held.filter((id) => !listed.includes(id))];
    const released: string[] = [];
    for (const id of sequence) for (let i = 0; i < duplicates; i++) released.push(id);
    w.held = [];
    w.hold = false;
    w.outbox.push(...released);
    this.kick();
    return released;
  }

  get pendingCount(): number {
    return this.store.state.webhooks.outbox.length;
  }

  /** Resolves when the outbox is empty (or nothing can be sent because no URL is set). */
  idle(): Promise<void> {
    if (this.store.state.webhooks.outbox.length === 0 || !this.url) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  kick(): void {
    if (this.running || this.closed || !this.url) return;
    this.running = this.drain().finally(() => {
      this.running = null;
      const waiters = this.idleWaiters.splice(0);
      for (const w of waiters) w();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.running;
  }

  private async drain(): Promise<void> {
    const outbox = this.store.state.webhooks.outbox;
    while (outbox.length > 0 && !this.closed && this.url) {
      await this.deliver(outbox[0], this.url);
      outbox.shift();
      this.store.save();
    }
  }

  private async deliver(eventId: string, url: string): Promise<void> {
    const event = this.store.get('events', eventId);
    if (!event) return;
    const payload = JSON.stringify(event, null, 2);
    for (let attempt = 0; attempt <= RETRY_DELAYS_MS.length; attempt++) {
      if (attempt > 0) await sleep(RETRY_DELAYS_MS[attempt - 1]);
      if (this.closed) return;
      try {
        const status = await post(url, payload, {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'stripe-signature': signPayload(payload, this.secret),
        });
        if (status >= 200 && status < 300) return;
        this.log(`webhook ${event.type} ${eventId} -> HTTP ${status} (attempt ${attempt + 1})`);
      } catch (err) {
        this.log(`webhook ${event.type} ${eventId} failed: ${(err as Error).message} (attempt ${attempt + 1})`);
      }
    }
    this.log(`webhook ${event.type} ${eventId} given up after ${RETRY_DELAYS_MS.length + 1} attempts`);
  }
}
