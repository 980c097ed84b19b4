import { z } from 'zod';
import type { DeadLetter } from '../../events/usage';
import { readConfig } from '../config';
import { sendMessages } from './queue-send';
import type { Refusal } from './validate-event';

const { USAGE_DLQ_URL } = readConfig({ USAGE_DLQ_URL: z.string().min(1) });

export interface RefusedEvent {
  event: unknown;
  reason: Refusal;
  /** The SQS message it came in. */
  source: string;
}

/**
 * Sends refused events to the usage DLQ, each as `{ event, reason, messageId, refusedAt }` so an operator sees why
 * (`npx argus dlq list`). Returns the source messages of the refusals that could not be sent: those messages must
 * be retried, or the refusal would be lost.
 */
export async function deadLetter(refused: RefusedEvent[], now: Date): Promise<Set<string>> {
  const bodies = refused.map((r) => JSON.stringify({ reason: r.reason, event: r.event, messageId: r.source, refusedAt: now.toISOString() } satisfies DeadLetter));
  const failures = await sendMessages(USAGE_DLQ_URL, bodies);
  return new Set([...failures.keys()].map((i) => refused[i].source));
}
