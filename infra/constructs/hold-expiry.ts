import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import type { FunctionAccess } from '../function-access';
import { ArgusFunction, type FunctionBinding } from './argus-function';

/** What a function that reserves holds needs to schedule their release (env and grants: argus-function.ts). */
export interface HoldExpiryTargetRef {
  groupName: string;
  functionArn: string;
  roleArn: string;
  /** The ARNs of the group's schedules (`schedule/<group>/*`): schedules are named by hold id. */
  schedulesArn: string;
}

export interface HoldExpiryProps {
  binding: FunctionBinding;
  /** The target function's entry (infra/routes.ts `holdExpiryTarget`). */
  target: { handler: string; access: FunctionAccess };
}

/**
 * Background release of abandoned holds without a poller (CONTRACT §3 Holds): the hold-expire function, a schedule
 * group for the one-time schedules each reserve creates (shared/holds/schedule-expiry.ts), and the role EventBridge
 * Scheduler assumes to run them, which may invoke that one function and nothing else.
 */
export class HoldExpiry extends Construct {
  readonly function: ArgusFunction;
  readonly ref: HoldExpiryTargetRef;

  constructor(scope: Construct, id: string, props: HoldExpiryProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.function = new ArgusFunction(this, props.target.handler, { binding: props.binding, handler: props.target.handler, access: props.target.access, timeout: Duration.seconds(30) });
    const group = new scheduler.CfnScheduleGroup(this, 'Group', { name: `argus-${props.binding.config.stage}-holds` });
    const role = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
      description: 'EventBridge Scheduler runs hold-expiry schedules with this role: it may invoke the hold-expire function only',
    });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.function.function.functionArn] }));
    const groupName = group.name!;
    this.ref = {
      groupName,
      functionArn: this.function.function.functionArn,
      roleArn: role.roleArn,
      schedulesArn: stack.formatArn({ service: 'scheduler', resource: 'schedule', resourceName: `${groupName}/*` }),
    };
    this.node.addDependency(group);
  }
}
