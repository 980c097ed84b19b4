import { z } from 'zod';

/**
 * Telemetry events (CONTRACT §8 "Analytics") as they arrive in `POST /v1/analytics/events` and travel on the
 * analytics queue. The schema checks shape only; the time window is checked by shared/analytics/validate-event.ts,
 * which names a reason for every refusal.
 */
export const ANALYTICS_EVENTS_PER_REQUEST_MAX = 500;
export const ANALYTICS_EVENT_ID_MAX = 128;
/** Largest `executionTimeMs` kept (one day): beyond that a latency is a clock bug, not a measurement. */
export const EXECUTION_TIME_MS_MAX = 86_400_000;
/** Largest `tokensUsed` of one event (10^12, the bound of usage quantities). */
export const TOKENS_USED_MAX = 1_000_000_000_000;

const label = (max: number) => z.string().min(1).max(max);

export const analyticsEventSchema = z.object({
  /** Idempotency key per org: an event is counted (and stored raw) once, however often it arrives. */
  id: label(ANALYTICS_EVENT_ID_MAX),
  eventType: label(64),
  /** ISO-8601 with offset: when the event happened on the client. */
  timestamp: z.iso.datetime({ offset: true }),
  commandName: label(128).optional(),
  agentId: label(128).optional(),
  executionTimeMs: z.number().nonnegative().max(EXECUTION_TIME_MS_MAX).optional(),
  tokensUsed: z.number().int().nonnegative().max(TOKENS_USED_MAX).optional(),
  llmProvider: label(64).optional(),
  llmModel: label(128).optional(),
  success: z.boolean().optional(),
  errorType: label(128).optional(),
  deviceId: label(128).optional(),
  version: label(64).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});
export type AnalyticsEventInput = z.infer<typeof analyticsEventSchema>;

/** `POST /v1/analytics/events` body. Events are checked one by one, so one bad event does not refuse its neighbours. */
export const analyticsRequestSchema = z.object({
  orgId: z.string().min(1).max(128),
  events: z.array(z.unknown()).min(1).max(ANALYTICS_EVENTS_PER_REQUEST_MAX),
});

/**
 * One analytics queue message: validated events of one org, with who sent them (`actor`: `user:<id>` for a member's
 * token; for an API key the events' own `deviceId` stands in, see shared/analytics/active-users.ts) and when Argus
 * received them.
 */
export const analyticsMessageSchema = z.object({
  orgId: z.string().min(1),
  actor: z.string().min(1).nullable(),
  receivedAt: z.iso.datetime({ offset: true }),
  events: z.array(analyticsEventSchema).min(1).max(ANALYTICS_EVENTS_PER_REQUEST_MAX),
});
export type AnalyticsMessage = z.infer<typeof analyticsMessageSchema>;

/** What the analytics consumer sends to its DLQ for a message it refuses: the body as received and why. */
export const analyticsDeadLetterSchema = z.object({
  reason: z.object({ code: z.string(), message: z.string() }),
  body: z.string(),
  messageId: z.string(),
  refusedAt: z.iso.datetime({ offset: true }),
});
export type AnalyticsDeadLetter = z.infer<typeof analyticsDeadLetterSchema>;

export const ANALYTICS_GROUP_BY = ['eventType', 'commandName', 'agentId', 'day'] as const;
export type AnalyticsGroupBy = (typeof ANALYTICS_GROUP_BY)[number];
