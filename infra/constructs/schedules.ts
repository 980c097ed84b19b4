import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import type { ScheduleDef } from '../routes';
import { ArgusFunction, type FunctionBinding } from './argus-function';

/** Scheduled jobs (meter sink, sweeps) page through work and call Stripe, so they get more time than API routes. */
export const SCHEDULED_FUNCTION_TIMEOUT = Duration.seconds(60);

export interface SchedulesProps {
  binding: FunctionBinding;
  schedules: readonly ScheduleDef[];
}

/** One function per schedule-table entry, invoked by an EventBridge rule every `everyMinutes`. */
export class Schedules extends Construct {
  readonly functions = new Map<string, ArgusFunction>();

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    for (const schedule of props.schedules) {
      if (!Number.isInteger(schedule.everyMinutes) || schedule.everyMinutes < 1) {
        throw new Error(`Schedule ${schedule.handler}: everyMinutes must be a whole number >= 1`);
      }
      if (this.functions.has(schedule.handler)) throw new Error(`Schedule table lists ${schedule.handler} twice`);
      const fn = new ArgusFunction(this, schedule.handler, {
        binding: props.binding,
        handler: schedule.handler,
        access: schedule.access,
        timeout: SCHEDULED_FUNCTION_TIMEOUT,
      });
      new events.Rule(this, `${schedule.handler}-Rule`, {
        schedule: events.Schedule.rate(Duration.minutes(schedule.everyMinutes)),
        targets: [new targets.LambdaFunction(fn.function, { retryAttempts: 2 })],
      });
      this.functions.set(schedule.handler, fn);
    }
  }
}
