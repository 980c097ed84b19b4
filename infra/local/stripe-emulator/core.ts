import { Clock } from './clock';
import { newId } from './ids';
import type { Obj, Store } from './store';
import type { WebhookDispatcher } from './webhooks';

export const API_VERSION = '2026-10-28.endive';

export interface RequestInfo {
  id: string;
  idempotency_key: string | null;
}

/** Shared emulator context passed to every handler. */
export class Core {
  readonly clock: Clock;
  /** Set by the server while an API request runs, so events carry Stripe's `request` field. */
  currentRequest: RequestInfo | null = null;
  baseUrl = '';
  /** API requests served since start (the bench's Stripe calls per org); not persisted. */
  apiRequests = 0;

  constructor(
    readonly store: Store,
    readonly webhooks: WebhookDispatcher,
  ) {
    this.clock = new Clock(store.state.clockOffset);
  }

  now(): number {
    return this.clock.now();
  }

  advanceTo(t: number): void {
    this.clock.advanceTo(t);
    this.store.state.clockOffset = this.clock.offset;
  }

  /** Records an event with a deep snapshot of `object` and queues it for delivery. */
  emit(type: string, object: Obj, previousAttributes?: Obj): Obj {
    const event: Obj = {
      id: newId('evt'),
      object: 'event',
      api_version: API_VERSION,
      created: this.now(),
      data: { object: structuredClone(object) },
      livemode: false,
      pending_webhooks: 1,
      request: this.currentRequest ? { ...this.currentRequest } : { id: null, idempotency_key: null },
      type,
    };
    if (previousAttributes && Object.keys(previousAttributes).length > 0) {
      event.data.previous_attributes = structuredClone(previousAttributes);
    }
    this.store.put('events', event);
    this.webhooks.enqueue(event.id);
    return event;
  }
}

/** Top-level keys whose JSON changed, with their old values (Stripe's `previous_attributes`). */
export function diffPrevious(before: Obj, after: Obj): Obj {
  const prev: Obj = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) prev[key] = before[key] ?? null;
  }
  return prev;
}
