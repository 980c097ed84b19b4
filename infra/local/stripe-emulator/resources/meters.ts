import type { Core } from '../core';
import { diffPrevious } from '../core';
import { StripeApiError, invalidParam, invalidRequest, noSuch } from '../errors';
import { newId } from '../ids';
import { LIST_PARAMS, paginate, listObject } from '../list';
import type { Router } from '../router';
import type { Obj } from '../store';

const DAY = 86400;
/** Stripe's limit on a meter event's `identifier` and `event_name` (maxLength 100 in its OpenAPI document). */
const MAX_IDENTIFIER = 100;

export function getMeter(core: Core, id: string): Obj {
  const meter = core.store.get('meters', id);
  if (!meter) throw noSuch('billing.meter', id);
  return meter;
}

/** Sum/count/last of accepted events for `customer` on `meter` with start <= timestamp < end. */
export function meterUsage(core: Core, meter: Obj, customer: string, start: number, end: number): number {
  const events = core.store.state.meterEvents.filter(
    (e) => e.event_name === meter.event_name && e.customer === customer && e.timestamp >= start && e.timestamp < end,
  );
  switch (meter.default_aggregation.formula) {
    case 'count':
      return events.length;
    case 'last':
      return events.length ? events[events.length - 1].value : 0;
    default:
      return events.reduce((sum, e) => sum + e.value, 0);
  }
}

function setStatus(core: Core, meter: Obj, status: 'active' | 'inactive'): Obj {
  const before = structuredClone(meter);
  meter.status = status;
  meter.status_transitions.deactivated_at = status === 'inactive' ? core.now() : null;
  meter.updated = core.now();
  core.emit(status === 'active' ? 'billing.meter.reactivated' : 'billing.meter.deactivated', meter, diffPrevious(before, meter));
  return meter;
}

export function registerMeters(router: Router): void {
  router.add('POST', '/v1/billing/meters', ({ core, params }) => {
    params.allowOnly(['display_name', 'event_name', 'default_aggregation', 'customer_mapping', 'value_settings', 'event_time_window', 'expand']);
    const eventName = params.reqStr('event_name');
    const displayName = params.reqStr('display_name');
    const aggregation = params.obj('default_aggregation');
    if (!aggregation) throw invalidRequest('Missing required param: default_aggregation.', 'default_aggregation', 'parameter_missing');
    const formula = aggregation.oneOf('formula', ['sum', 'count', 'last']) ?? aggregation.reqStr('formula');
    if (core.store.list('meters', (m) => m.event_name === eventName && m.status === 'active').length > 0) {
      throw invalidParam('event_name', `An active meter with event_name \`${eventName}\` already exists.`);
    }
    const mapping = params.obj('customer_mapping');
    const value = params.obj('value_settings');
    const now = core.now();
    const meter: Obj = {
      id: newId('mtr_test'),
      object: 'billing.meter',
      created: now,
      customer_mapping: {
        event_payload_key: mapping?.str('event_payload_key') ?? 'stripe_customer_id',
        type: mapping?.oneOf('type', ['by_id']) ?? 'by_id',
      },
      default_aggregation: { formula },
      display_name: displayName,
      event_name: eventName,
      event_time_window: params.oneOf('event_time_window', ['day', 'hour']) ?? null,
      livemode: false,
      status: 'active',
      status_transitions: { deactivated_at: null },
      updated: now,
      value_settings: { event_payload_key: value?.str('event_payload_key') ?? 'value' },
    };
    core.store.put('meters', meter);
    core.emit('billing.meter.created', meter);
    return meter;
  });
  router.add('GET', '/v1/billing/meters/:id', ({ core, path }) => getMeter(core, path.id));
  router.add('POST', '/v1/billing/meters/:id', ({ core, params, path }) => {
    params.allowOnly(['display_name', 'expand']);
    const meter = getMeter(core, path.id);
    const before = structuredClone(meter);
    const name = params.str('display_name');
    if (name) meter.display_name = name;
    meter.updated = core.now();
    core.emit('billing.meter.updated', meter, diffPrevious(before, meter));
    return meter;
  });
  router.add('POST', '/v1/billing/meters/:id/deactivate', ({ core, path }) => setStatus(core, getMeter(core, path.id), 'inactive'));
  router.add('POST', '/v1/billing/meters/:id/reactivate', ({ core, path }) => setStatus(core, getMeter(core, path.id), 'active'));
  router.add('GET', '/v1/billing/meters', ({ core, params }) => {
    params.allowOnly([...LIST_PARAMS, 'status']);
    const status = params.oneOf('status', ['active', 'inactive']);
    return paginate(core.store.list('meters', (m) => !status || m.status === status), params, '/v1/billing/meters');
  });
  router.add('GET', '/v1/billing/meters/:id/event_summaries', ({ core, params, path }) => {
    params.allowOnly([...LIST_PARAMS, 'customer', 'start_time', 'end_time', 'value_grouping_window']);
    const meter = getMeter(core, path.id);
    const customer = params.reqStr('customer');
    const start = params.int('start_time', 0) ?? missingTime('start_time');
    const end = params.int('end_time', 0) ?? missingTime('end_time');
    const summary = {
      id: newId('mtrsum_test'),
      object: 'billing.meter_event_summary',
      aggregated_value: meterUsage(core, meter, customer, start, end),
      end_time: end,
      livemode: false,
      meter: meter.id,
      start_time: start,
    };
    return listObject([summary], `/v1/billing/meters/${meter.id}/event_summaries`);
  });

  router.add('POST', '/v1/billing/meter_events', ({ core, params }) => {
    params.allowOnly(['event_name', 'payload', 'identifier', 'timestamp', 'expand']);
    const eventName = params.reqStr('event_name');
    if (eventName.length > MAX_IDENTIFIER) throw invalidParam('event_name', `Invalid event_name: must be at most ${MAX_IDENTIFIER} characters`);
    const payload = params.obj('payload');
    if (!payload) throw invalidRequest('Missing required param: payload.', 'payload', 'parameter_missing');
    const now = core.now();
    const timestamp = params.int('timestamp', 0) ?? now;
    if (timestamp < now - 35 * DAY || timestamp > now + 300) {
      throw invalidParam('timestamp', 'Timestamp must be within the past 35 calendar days or up to 5 minutes in the future.');
    }
    const meter = core.store.list('meters', (m) => m.event_name === eventName && m.status === 'active')[0];
    if (!meter) throw invalidParam('event_name', `No active meter was found matching event_name \`${eventName}\`.`);
    const customerKey = meter.customer_mapping.event_payload_key as string;
    const valueKey = meter.value_settings.event_payload_key as string;
    const customer = payload.reqStr(customerKey);
    if (!core.store.get('customers', customer)) throw noSuch('customer', customer, `payload[${customerKey}]`);
    const rawValue = meter.default_aggregation.formula === 'count' ? (payload.str(valueKey) ?? '1') : payload.reqStr(valueKey);
    // Stripe meters take whole numbers only: a decimal value is refused, not rounded.
    if (!/^\d+$/.test(rawValue)) throw invalidParam(`payload[${valueKey}]`, `Invalid value: ${rawValue}. Meter event values must be whole numbers.`);
    const identifier = params.str('identifier') ?? newId('mevt').slice(5);
    if (identifier.length > MAX_IDENTIFIER) throw invalidParam('identifier', `Invalid identifier: must be at most ${MAX_IDENTIFIER} characters`);
    if (core.store.state.meterEvents.some((e) => e.identifier === identifier)) {
      core.store.state.duplicateMeterEvents++;
      throw new StripeApiError(400, 'invalid_request_error', `An event already exists with identifier ${identifier}.`,
        undefined, 'identifier', {}, { 'stripe-should-retry': 'false' });
    }
    core.store.state.meterEvents.push({ identifier, event_name: eventName, customer, value: Number(rawValue), timestamp, created: now });
    return {
      object: 'billing.meter_event',
      created: now,
      event_name: eventName,
      identifier,
      livemode: false,
      payload: structuredClone(payload.raw),
      timestamp,
    };
  });
}

function missingTime(param: string): never {
  throw invalidRequest(`Missing required param: ${param}.`, param, 'parameter_missing');
}
