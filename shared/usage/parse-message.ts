import { usageBatchBodySchema } from '../../events/usage';
import type { Refusal } from './validate-event';

export type ParsedMessage = { ok: true; events: unknown[] } | { ok: false; reason: Refusal };

/**
 * An SQS message body: JSON, either one event or `{ events: [...] }` (≤ 100). Only the envelope is judged here;
 * each event is validated on its own so one bad event never takes its neighbours down with it.
 */
export function parseUsageMessage(body: string): ParsedMessage {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, reason: { code: 'invalid_message', message: 'The message body is not JSON' } };
  }
  if (json && typeof json === 'object' && !Array.isArray(json) && 'events' in json) {
    const batch = usageBatchBodySchema.safeParse(json);
    if (!batch.success) return { ok: false, reason: { code: 'invalid_message', message: `events: ${batch.error.issues[0].message}` } };
    return { ok: true, events: batch.data.events };
  }
  return { ok: true, events: [json] };
}
