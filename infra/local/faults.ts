import { z } from 'zod';
import type { LocalDynamoDb } from './emulators/dynamodb';

/**
 * Fault injection for the local stack's own tests (never part of a deployed function): a consumer can be made to fail
 * at random, either before it runs (a crash on arrival) or after its work is done (a timeout after side effects, the
 * case that punishes any non-idempotent write). Set through `POST /_local/faults`.
 */
export interface HandlerFault {
  failRate: number;
  phase: 'before' | 'after';
}

export const handlerFaults = new Map<string, HandlerFault>();

export class InjectedFault extends Error {
  constructor(name: string, phase: string) {
    super(`injected fault in ${name} (${phase})`);
  }
}

export function maybeFail(name: string, phase: HandlerFault['phase']): void {
  const fault = handlerFaults.get(name);
  if (fault && fault.phase === phase && Math.random() < fault.failRate) throw new InjectedFault(name, phase);
}

const faultsSchema = z.object({
  dynamodb: z.enum(['stop', 'start']).optional(),
  handler: z.object({ name: z.string(), failRate: z.number().min(0).max(1), phase: z.enum(['before', 'after']) }).optional(),
  clearHandlers: z.boolean().optional(),
});

/** `POST /_local/faults`: stop or start DynamoDB Local, make a consumer fail at random, or clear handler faults. */
export async function applyFaults(body: unknown, dynamoDb: LocalDynamoDb): Promise<unknown> {
  const faults = faultsSchema.parse(body ?? {});
  if (faults.clearHandlers) handlerFaults.clear();
  if (faults.handler) handlerFaults.set(faults.handler.name, { failRate: faults.handler.failRate, phase: faults.handler.phase });
  if (faults.dynamodb === 'stop') await dynamoDb.stop();
  if (faults.dynamodb === 'start') await dynamoDb.start();
  return { handlers: Object.fromEntries(handlerFaults) };
}
