import { analyticsEventSchema, type AnalyticsEventInput } from '../../events/analytics';
import { FUTURE_WINDOW_MS, LATE_WINDOW_MS } from '../usage/validate-event';

/** A telemetry event that passed every check: timestamp normalized to UTC, `metadata` within its bound. */
export type TelemetryEvent = AnalyticsEventInput & { timestamp: string };

export type TelemetryRefusalCode = 'invalid_event' | 'timestamp_out_of_window';

export type TelemetryValidation = { ok: true; event: TelemetryEvent } | { ok: false; id: string | null; error: TelemetryRefusalCode; message: string };

/** Largest `metadata` as JSON text: it travels in queue messages and is stored raw. */
export const METADATA_JSON_MAX = 8 * 1024;

/**
 * Checks one raw telemetry event (CONTRACT §8): the schema (events/analytics.ts), `metadata` at most 8 KiB of JSON,
 * and a timestamp within the usage window (past 35 days, at most 5 minutes ahead of `receivedAt`), which is also what
 * the dedupe records' lifetime covers.
 */
export function validateTelemetryEvent(raw: unknown, receivedAt: Date): TelemetryValidation {
  const rawId = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : null;
  const parsed = analyticsEventSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, id: rawId, error: 'invalid_event', message: `${issue.path.join('.') || 'event'}: ${issue.message}` };
  }
  const e = parsed.data;
  if (e.metadata !== undefined && Buffer.byteLength(JSON.stringify(e.metadata)) > METADATA_JSON_MAX) {
    return { ok: false, id: e.id, error: 'invalid_event', message: `metadata: at most ${METADATA_JSON_MAX} bytes of JSON` };
  }
  const at = new Date(e.timestamp).getTime();
  if (at < receivedAt.getTime() - LATE_WINDOW_MS || at > receivedAt.getTime() + FUTURE_WINDOW_MS) {
    return { ok: false, id: e.id, error: 'timestamp_out_of_window', message: 'timestamp must lie within the past 35 days and at most 5 minutes ahead' };
  }
  return { ok: true, event: { ...e, timestamp: new Date(at).toISOString() } };
}

/** The UTC day (YYYY-MM-DD) an event belongs to: its rollup and its raw partition `dt=`. */
export function eventDay(event: Pick<TelemetryEvent, 'timestamp'>): string {
  return event.timestamp.slice(0, 10);
}

/** An error, for the rollups' `errors` (CONTRACT §8): `success: false` or `eventType: "error"`. */
export function isError(event: Pick<TelemetryEvent, 'success' | 'eventType'>): boolean {
  return event.success === false || event.eventType === 'error';
}
