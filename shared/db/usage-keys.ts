/**
 * Keys of the usage items. The usage aggregator (SQS/HTTP ingestion) and quota consume write the same items, so an
 * event id counts once whichever path recorded it.
 * - counter:  one per (org, billing period, metric): `used` (aggregated value), `events`, `costMicros` (llm cost)
 * - daily:    one per (org, metric, UTC day): `value`, for the daily series
 * - dedupe:   one per (org, event id), put with attribute_not_exists; `expiresAt` past the 35-day late window
 * - placement: one per event counted into an explorer period (org, timestamp, id), kept PLACEMENT_TTL_SECONDS: what
 *              re-homes it when a subscription that started at or before its timestamp becomes known (usage-rehome.ts)
 * - meter index: one per (paid org, period) with usage, so the Stripe meter sink need not scan
 * - alert:    one per (org, period, metric, threshold): the marker that decides who publishes usage.threshold_crossed
 * `day` is the bucket's start (shared/usage/period.ts `dailyBucketStart`): UTC midnight, or the period start on the
 * day a period begins, so a bucket never spans two periods.
 */
export const usageKeys = {
  counter: (orgId: string, periodStart: string, metric: string) => ({ PK: `ORG#${orgId}`, SK: `USAGE#${periodStart}#${metric}` }),
  counterPrefix: (periodStart: string) => `USAGE#${periodStart}#`,
  daily: (orgId: string, metric: string, day: string) => ({ PK: `ORG#${orgId}`, SK: `USAGEDAY#${metric}#${day}` }),
  dailyPrefix: (metric: string) => `USAGEDAY#${metric}#`,
  dedupe: (orgId: string, eventId: string) => ({ PK: `USAGEEVT#${orgId}#${eventId}`, SK: 'EVENT' }),
  placement: (orgId: string, timestamp: string, eventId: string) => ({ PK: `ORG#${orgId}`, SK: `USAGEPLACED#${timestamp}#${eventId}` }),
  placementPrefix: () => 'USAGEPLACED#',
  alert: (orgId: string, periodStart: string, metric: string, threshold: number) => ({ PK: `ORG#${orgId}`, SK: `USAGEALERT#${periodStart}#${metric}#${threshold}` }),
  alertPrefix: (periodStart: string, metric: string) => `USAGEALERT#${periodStart}#${metric}#`,
  /** Meter sink work list: (org, period) pairs of paid orgs with usage, partitioned by the month the period starts in. */
  meterIndex: (periodStart: string, orgId: string) => ({ PK: `USAGEMETER#${periodStart.slice(0, 7)}`, SK: `${orgId}#${periodStart}` }),
  meterIndexPk: (month: string) => `USAGEMETER#${month}`,
  /** Meter sink watermark per (org, period, metric): what Stripe has been sent (`reported`) and an in-flight `pending`. */
  meterMark: (orgId: string, periodStart: string, metric: string) => ({ PK: `ORG#${orgId}`, SK: `USAGEMETERED#${periodStart}#${metric}` }),
};

/**
 * How long an event id's dedupe record lives after it was written. It must outlast every way the same event can come
 * back: the contract's 35-day late-event window (measured from when the event reached Argus) plus the usage queue's
 * 14-day retention (a message can wait that long before it is processed, or be redriven from the DLQ), plus a day.
 */
export const DEDUPE_TTL_SECONDS = (35 + 14 + 1) * 86_400;

/**
 * How long a placement item lives: a subscription's webhook must reach the processor within this time for the usage
 * counted into explorer before it arrived to be re-homed. Stripe retries a webhook for 3 days and the webhook queue
 * (and its DLQ) keep a message 14 days: 18 days covers a webhook retried by Stripe, then redriven from the DLQ.
 */
export const PLACEMENT_TTL_SECONDS = 18 * 86_400;
