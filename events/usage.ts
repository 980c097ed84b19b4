import { z } from 'zod';

/**
 * Usage events (CONTRACT §3 "Usage, quotas…") as they arrive on the usage queue or in `POST /v1/usage`.
 * The schema checks shape only; what depends on time, the catalog or the table (the ±window, the metric, the org) is
 * checked by shared/usage/validate-event.ts and the aggregator, which name a reason for every refusal.
 */
export const USAGE_EVENT_ID_MAX = 128;
export const SQS_EVENTS_PER_MESSAGE_MAX = 100;
export const HTTP_EVENTS_PER_REQUEST_MAX = 1000;

/** `llm_tokens` detail: quantity is `tokensIn + tokensOut`, the cost comes from shared/usage/model-prices.ts. */
export const llmPropertiesSchema = z.object({
  provider: z.string().min(1).max(64),
  model: z.string().min(1).max(128),
  tokensIn: z.number().int().nonnegative(),
  tokensOut: z.number().int().nonnegative(),
});
export type LlmProperties = z.infer<typeof llmPropertiesSchema>;

export const usageEventSchema = z.object({
  /** Idempotency key per org: the same id is counted once, by whatever path and however often it arrives. */
  id: z.string().min(1).max(USAGE_EVENT_ID_MAX),
  orgId: z.string().min(1).max(128),
  metric: z.string().min(1).max(64),
  /** > 0. May be left out for `llm_tokens` carrying token counts in `properties`. */
  quantity: z.number().positive().finite().optional(),
  /** ISO-8601 with offset; defaults to when Argus received the event. */
  timestamp: z.iso.datetime({ offset: true }).optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
});
export type UsageEventInput = z.infer<typeof usageEventSchema>;

/** An SQS message body: one event, or `{ events: [...] }` with up to 100. Events are checked one by one afterwards. */
export const usageBatchBodySchema = z.object({ events: z.array(z.unknown()).min(1).max(SQS_EVENTS_PER_MESSAGE_MAX) });

/** `POST /v1/usage` body. */
export const usageRequestSchema = z.object({ events: z.array(z.unknown()).min(1).max(HTTP_EVENTS_PER_REQUEST_MAX) });

/** What the aggregator sends to the usage DLQ for an event it refuses: the event as received and why. */
export const deadLetterSchema = z.object({
  reason: z.object({ code: z.string(), message: z.string() }),
  event: z.unknown(),
  messageId: z.string().optional(),
  refusedAt: z.iso.datetime({ offset: true }),
});
export type DeadLetter = z.infer<typeof deadLetterSchema>;
