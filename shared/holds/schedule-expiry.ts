import { ConflictException, CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { z } from 'zod';
import { readConfig } from '../config';
import { logger } from '../logger';
import type { Hold } from './hold-items';

// Set on the functions whose access declares `holdSchedules` (infra/constructs/argus-function.ts; locally infra/local/stack.ts).
const { HOLD_EXPIRY_GROUP, HOLD_EXPIRY_TARGET_ARN, HOLD_EXPIRY_ROLE_ARN } = readConfig({
  HOLD_EXPIRY_GROUP: z.string().min(1),
  HOLD_EXPIRY_TARGET_ARN: z.string().min(1),
  HOLD_EXPIRY_ROLE_ARN: z.string().min(1),
});
const client = new SchedulerClient({});

/** What the target function receives: Scheduler passes `Input` as the invocation's event. */
export const holdExpiryEventSchema = z.object({ holdId: z.string().min(1).max(64) });

/** `at(...)` takes whole seconds (UTC): rounded up, so the schedule never fires before the hold has expired. */
export function atExpression(expiresAt: string): string {
  const ms = Date.parse(expiresAt);
  return `at(${new Date(Math.ceil(ms / 1000) * 1000).toISOString().slice(0, 19)})`;
}

/**
 * Background release of an abandoned hold (CONTRACT §3 Holds: released within 60 s of `expiresAt`, no poller): a
 * one-time EventBridge Scheduler schedule at the expiry (Scheduler fires within its minute), named by the hold id and
 * deleted by Scheduler once it ran, invokes the hold-expire function, which releases the hold through the same
 * release as the route (a committed or released hold is left alone). A repeated reserve finds its schedule
 * (ConflictException). A failure is logged, not thrown: the reserve stands, and the lazy release (expire-holds.ts)
 * still frees the hold at the next check, consume or reserve of its org.
 */
export async function scheduleHoldExpiry(hold: Pick<Hold, 'holdId' | 'expiresAt'>): Promise<void> {
  try {
    await client.send(
      new CreateScheduleCommand({
        Name: hold.holdId,
        GroupName: HOLD_EXPIRY_GROUP,
        ScheduleExpression: atExpression(hold.expiresAt),
        ScheduleExpressionTimezone: 'UTC',
        FlexibleTimeWindow: { Mode: 'OFF' },
        ActionAfterCompletion: 'DELETE',
        ClientToken: hold.holdId,
        Target: {
          Arn: HOLD_EXPIRY_TARGET_ARN,
          RoleArn: HOLD_EXPIRY_ROLE_ARN,
          Input: JSON.stringify({ holdId: hold.holdId }),
          RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 3600 },
        },
      }),
    );
  } catch (error) {
    if (error instanceof ConflictException || (error as Error)?.name === 'ConflictException') return;
    logger.error('hold expiry not scheduled; it is released lazily', { holdId: hold.holdId, error: error as Error });
  }
}
