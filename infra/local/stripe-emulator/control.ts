import type { Core } from './core';
import { invalidParam, invalidRequest, noSuch } from './errors';
import { decodeForm } from './form-decode';
import { Router } from './router';
import type { Obj } from './store';
import { advanceClock } from './billing/lifecycle';
import { completeSession, getSession, settleAsyncPayment } from './resources/checkout';
import { getCustomer } from './resources/customers';

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

interface ControlContext {
  core: Core;
  body: Obj;
  path: Record<string, string>;
  fromBrowser: boolean;
}
type ControlHandler = (ctx: ControlContext) => Reply | Promise<Reply>;

const ok = (body: unknown): Reply => ({ status: 200, body });

/** JSON bodies; a urlencoded form only comes from the hosted Checkout page's Pay button. */
function parseBody(raw: string, contentType: string): { body: Obj; fromBrowser: boolean } {
  if (raw.trim() === '') return { body: {}, fromBrowser: contentType.includes('application/x-www-form-urlencoded') };
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return { body: parsed as Obj, fromBrowser: false };
  } catch {
    if (contentType.includes('application/x-www-form-urlencoded')) return { body: decodeForm(raw), fromBrowser: true };
  }
  throw invalidRequest('Control endpoints take a JSON object body.');
}

function eventSummary(core: Core, id: string): Obj {
  return { id, type: core.store.get('events', id)?.type ?? null };
}

/** Local-only endpoints under /_emulator that drive what a real customer or Stripe's scheduler would do. */
export class ControlRouter {
  private readonly router = new Router<ControlHandler>();

  constructor() {
    const r = this.router;
    r.add('POST', '/_emulator/checkout/:id/complete', ({ core, body, path, fromBrowser }) => {
      const session = getSession(core, path.id);
      const email = body.email === undefined ? undefined : String(body.email);
      // The code a customer types on the hosted page (when the session allows promotion codes); '' = none typed.
      const code = body.promotion_code === undefined || body.promotion_code === '' ? undefined : String(body.promotion_code);
      if (body.async_payment !== undefined && typeof body.async_payment !== 'boolean') throw invalidParam('async_payment', '`async_payment` must be a boolean.');
      const result = completeSession(core, session, email, code, body.async_payment === true);
      if (fromBrowser && session.success_url) {
        return { status: 303, body: String(session.success_url).replace('{CHECKOUT_SESSION_ID}', session.id) };
      }
      return ok(result);
    });
    // A delayed payment method of a completed payment-mode session clears (`succeed: true`) or fails.
    r.add('POST', '/_emulator/checkout/:id/async-payment', ({ core, body, path }) => {
      if (typeof body.succeed !== 'boolean') throw invalidParam('succeed', '`succeed` must be a boolean.');
      return ok(settleAsyncPayment(core, getSession(core, path.id), body.succeed));
    });
    r.add('GET', '/_emulator/clock', ({ core }) => ok(clockView(core)));
    r.add('POST', '/_emulator/clock/advance', ({ core, body }) => {
      const seconds = body.seconds;
      if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
        throw invalidParam('seconds', '`seconds` must be a non-negative integer.');
      }
      advanceClock(core, core.now() + seconds);
      return ok(clockView(core));
    });
    r.add('POST', '/_emulator/customers/:id/payment-behavior', ({ core, body, path }) => {
      getCustomer(core, path.id);
      if (typeof body.fail !== 'boolean') throw invalidParam('fail', '`fail` must be a boolean.');
      core.store.state.failingCustomers[path.id] = body.fail;
      return ok({ customer: path.id, fail: body.fail });
    });
    r.add('POST', '/_emulator/webhooks/hold', ({ core, body }) => {
      if (typeof body.hold !== 'boolean') throw invalidParam('hold', '`hold` must be a boolean.');
      const w = core.store.state.webhooks;
      if (!body.hold && w.held.length > 0) core.webhooks.release(undefined, 1);
      w.hold = body.hold;
      return ok({ hold: w.hold });
    });
    r.add('GET', '/_emulator/webhooks/pending', ({ core }) => {
      const w = core.store.state.webhooks;
      return ok({ hold: w.hold, pending: w.held.map((id) => eventSummary(core, id)), undelivered: w.outbox.length });
    });
    r.add('POST', '/_emulator/webhooks/release', ({ core, body }) => {
      const held = core.store.state.webhooks.held;
      const order = body.order;
      if (order !== undefined && (!Array.isArray(order) || order.some((id) => typeof id !== 'string' || !held.includes(id)))) {
        throw invalidParam('order', '`order` must be an array of held event ids.');
      }
      const duplicates = body.duplicates ?? 1;
      if (!Number.isInteger(duplicates) || duplicates < 1 || duplicates > 10) {
        throw invalidParam('duplicates', '`duplicates` must be an integer from 1 to 10.');
      }
      const released = core.webhooks.release(order as string[] | undefined, duplicates);
      return ok({ released: released.map((id) => eventSummary(core, id)) });
    });
    r.add('POST', '/_emulator/webhooks/wait', async ({ core }) => {
      await core.webhooks.idle();
      return ok({ undelivered: core.store.state.webhooks.outbox.length });
    });
    r.add('POST', '/_emulator/events/:id/resend', ({ core, path }) => {
      if (!core.store.get('events', path.id)) throw noSuch('event', path.id);
      core.webhooks.enqueue(path.id);
      return ok({ ...eventSummary(core, path.id), queued: true });
    });
    r.add('GET', '/_emulator/requests', ({ core }) => ok({ count: core.apiRequests }));
    r.add('GET', '/_emulator/meter-events', ({ core }) => {
      const events = core.store.state.meterEvents;
      const totals = new Map<string, Obj>();
      for (const e of events) {
        const key = `${e.event_name}\u0000${e.customer}`;
        const t = totals.get(key) ?? { event_name: e.event_name, customer: e.customer, value: 0, count: 0 };
        t.value += e.value;
        t.count += 1;
        totals.set(key, t);
      }
      return ok({ count: events.length, duplicates_rejected: core.store.state.duplicateMeterEvents, totals: [...totals.values()], events });
    });
  }

  async handle(core: Core, method: string, url: URL, raw: string, contentType: string): Promise<Reply> {
    const matched = this.router.match(method, url.pathname);
    if (!matched) return { status: 404, body: { error: { type: 'invalid_request_error', message: `Unknown control endpoint (${method}: ${url.pathname}).` } } };
    const { body, fromBrowser } = parseBody(raw, contentType);
    return matched.handler({ core, body, path: matched.path, fromBrowser });
  }
}

function clockView(core: Core): Obj {
  const now = core.now();
  return { now, iso: new Date(now * 1000).toISOString(), offset_seconds: core.clock.offset };
}
