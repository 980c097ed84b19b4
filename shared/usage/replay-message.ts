/**
 * The body to send back to the usage queue for a message that failed every delivery and sits whole in the usage DLQ.
 * The aggregator defaults a missing event timestamp to the message's SentTimestamp and measures the −35 d/+5 min window
 * from it; a redrive is a new message, so replayed as-is its untimestamped events would be dated at the redrive (days
 * later, possibly in the next billing period, billed there) instead of when they reached Argus. `firstSentAt` is the
 * DLQ message's SentTimestamp, which SQS keeps when its redrive policy moves a message. Anything unreadable is returned
 * unchanged, so the aggregator refuses it again with its reason.
 */
export function replayUsageMessage(body: string, firstSentAt: Date): string {
  if (Number.isNaN(firstSentAt.getTime())) return body;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return body;
  }
  const stamp = (event: unknown) =>
    event && typeof event === 'object' && !Array.isArray(event) && !('timestamp' in event) ? { ...event, timestamp: firstSentAt.toISOString() } : event;
  if (!json || typeof json !== 'object' || Array.isArray(json)) return body;
  if ('events' in json) {
    const events = (json as { events: unknown }).events;
    return Array.isArray(events) ? JSON.stringify({ ...json, events: events.map(stamp) }) : body;
  }
  return JSON.stringify(stamp(json));
}
