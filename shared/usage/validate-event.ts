import { usageEventSchema, llmPropertiesSchema, type LlmProperties } from '../../events/usage';
import { isMetric, metricIds } from '../plans/catalog';
import type { Metric } from '../plans/catalog-schema';
import { llmCostMicros } from './model-prices';
import { QUANTITY_MAX, quantityProblem } from './quantity-bounds';

/** How far back and ahead an event's timestamp may lie (CONTRACT: past 35 days, at most 5 minutes ahead). */
export const LATE_WINDOW_MS = 35 * 86_400_000;
export const FUTURE_WINDOW_MS = 5 * 60_000;

/** A usage event that passed every check that needs no table: normalized timestamp, resolved quantity and cost. */
export interface UsageEvent {
  id: string;
  orgId: string;
  metric: Metric;
  quantity: number;
  /** ISO-8601 UTC (`toISOString()`). */
  timestamp: string;
  llm?: LlmProperties & { costMicros: number };
}

export type RefusalCode =
  | 'invalid_event'
  | 'unknown_metric'
  | 'invalid_quantity'
  | 'timestamp_out_of_window'
  | 'unknown_org'
  | 'forbidden'
  | 'invalid_message'
  | 'conflict';

export interface Refusal {
  code: RefusalCode;
  message: string;
}

export type Validation = { ok: true; event: UsageEvent } | { ok: false; reason: Refusal; id?: string };

const refuse = (code: RefusalCode, message: string, id?: string): Validation => ({ ok: false, reason: { code, message }, id });

/**
 * Checks one raw event against the contract. `receivedAt` is when Argus took the event in (the HTTP request, or the
 * SQS message's SentTimestamp): a missing timestamp defaults to it and the ±window is measured from it, so a message
 * that waits in the queue or is retried does not drift out of its window.
 *
 * The quantity's bounds (whole units on counted metrics, 6 decimals on gauges, at most 10^12) are quantity-bounds.ts's.
 */
export function validateUsageEvent(raw: unknown, receivedAt: Date): Validation {
  const parsed = usageEventSchema.safeParse(raw);
  const rawId = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : undefined;
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.path.join('.') || 'event';
    const code = issue.path[0] === 'quantity' ? 'invalid_quantity' : 'invalid_event';
    return refuse(code, `${path}: ${issue.message}`, rawId);
  }
  const e = parsed.data;
  if (!isMetric(e.metric)) return refuse('unknown_metric', `Unknown metric "${e.metric}" (known: ${metricIds.join(', ')})`, e.id);
  const metric = e.metric as Metric;

  const at = e.timestamp ? new Date(e.timestamp) : receivedAt;
  if (at.getTime() < receivedAt.getTime() - LATE_WINDOW_MS || at.getTime() > receivedAt.getTime() + FUTURE_WINDOW_MS) {
    return refuse('timestamp_out_of_window', 'timestamp must lie within the past 35 days and at most 5 minutes ahead', e.id);
  }

  let quantity = e.quantity;
  let llm: UsageEvent['llm'];
  if (metric === 'llm_tokens' && e.properties && ('tokensIn' in e.properties || 'tokensOut' in e.properties)) {
    const props = llmPropertiesSchema.safeParse(e.properties);
    if (!props.success) return refuse('invalid_event', `properties.${props.error.issues[0].path.join('.')}: ${props.error.issues[0].message}`, e.id);
    const tokens = props.data.tokensIn + props.data.tokensOut;
    // Bounded before anything is priced: the cost of an unbounded count would not be exact.
    if (tokens > QUANTITY_MAX) return refuse('invalid_quantity', `properties.tokensIn + properties.tokensOut must be at most ${QUANTITY_MAX} (10^12)`, e.id);
    if (quantity !== undefined && quantity !== tokens) return refuse('invalid_quantity', 'quantity must equal properties.tokensIn + properties.tokensOut', e.id);
    quantity = tokens;
    llm = { ...props.data, costMicros: llmCostMicros(props.data.provider, props.data.model, props.data.tokensIn, props.data.tokensOut) };
  }
  if (quantity === undefined) return refuse('invalid_quantity', 'quantity is required', e.id);
  const problem = quantityProblem(metric, quantity);
  if (problem) return refuse('invalid_quantity', problem, e.id);
  return { ok: true, event: { id: e.id, orgId: e.orgId, metric, quantity, timestamp: at.toISOString(), ...(llm ? { llm } : {}) } };
}

/** The event in the contract's wire shape: timestamp filled in (defaulted at receipt), llm detail as properties. */
export function wireEvent(e: UsageEvent) {
  const { id, orgId, metric, quantity, timestamp, llm } = e;
  return { id, orgId, metric, quantity, timestamp, ...(llm ? { properties: { provider: llm.provider, model: llm.model, tokensIn: llm.tokensIn, tokensOut: llm.tokensOut } } : {}) };
}
