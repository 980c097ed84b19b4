import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type ArgusMetric, METRIC_DIMENSION, METRICS_NAMESPACE } from '../../shared/observability/metric-names';
import type { StageConfig } from '../config/stages';
import type { StatefulResources } from '../stacks/stateful-stack';
import type { ArgusFunction } from './argus-function';
import type { HttpApi } from './http-api';

/** Thresholds, in one place, with why. */
export const ALARM_SETTINGS = {
  /** Anything in a DLQ is a message Argus could not handle: usage not counted or a Stripe change not applied. */
  deadLetterMessages: 1,
  /** DLQs keep 14 days; at 3 days old a message still leaves 11 to redrive before it is lost. */
  deadLetterAgeSeconds: 3 * 86_400,
  /** The usage queue is drained in seconds; 15 minutes means the aggregator is not keeping up or not running. */
  workQueueAgeSeconds: 15 * 60,
  /** Share of API answers that are 5xx, in percent, over 5 minutes with at least `minRequests` requests. */
  apiServerErrorPercent: 1,
  minRequests: 20,
} as const;

/** The meter sink's own health metrics: any rejected or stuck meter send is money not billed (or billed wrongly). */
const METER_ALARMS: ArgusMetric[] = ['MeterSendsRejected', 'MeterSendsStuck'];
const BUSINESS_METRICS: ArgusMetric[] = ['SignUps', 'Checkouts', 'LicenseValidations'];

export interface OperationsProps {
  config: StageConfig;
  resources: StatefulResources;
  httpApi: HttpApi;
  /** Every function of the stage (saturation: throttles). */
  functions: ArgusFunction[];
  /** Functions nobody waits on (queue consumers, schedules): an error there is silent unless alarmed. */
  backgroundFunctions: Map<string, ArgusFunction>;
}

/**
 * The stage's alarms, all to one SNS topic (subscribe on-call to it: stage config `alarmEmails`, or a chat/pager
 * integration), and its dashboard: golden signals (latency, traffic, errors, saturation) and business signals.
 */
export class Operations extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;
  private readonly stage: string;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    const { config, resources, httpApi } = props;
    this.stage = config.stage;

    // CloudWatch can publish to an encrypted topic only with a customer-managed key whose policy lets it (AWS-managed
    // aws/sns keys cannot be shared with the service).
    const key = new kms.Key(this, 'AlarmTopicKey', {
      description: `Argus ${config.stage} alarm topic`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.topic = new sns.Topic(this, 'AlarmTopic', {
      topicName: `argus-${config.stage}-alarms`,
      displayName: `Argus ${config.stage} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    for (const email of config.alarmEmails) this.topic.addSubscription(new subscriptions.EmailSubscription(email));

    const deadLetterQueues: [string, sqs.IQueue][] = [
      ['UsageDlq', resources.usageDeadLetterQueue],
      ['StripeWebhookDlq', resources.webhookDeadLetterQueue],
    ];
    const workQueues: [string, sqs.IQueue][] = [
      ['UsageQueue', resources.usageQueue],
      ['StripeWebhookQueue', resources.webhookQueue],
    ];
    for (const [name, queue] of deadLetterQueues) {
      this.alarm(`${name}Depth`, `${name}: messages waiting (npx argus dlq list)`, queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum' }), ALARM_SETTINGS.deadLetterMessages);
      this.alarm(`${name}Age`, `${name}: oldest message near the 14-day retention`, queue.metricApproximateAgeOfOldestMessage({ statistic: 'Maximum' }), ALARM_SETTINGS.deadLetterAgeSeconds);
    }
    for (const [name, queue] of workQueues) {
      this.alarm(`${name}Age`, `${name}: consumer not keeping up`, queue.metricApproximateAgeOfOldestMessage({ statistic: 'Maximum' }), ALARM_SETTINGS.workQueueAgeSeconds);
    }

    const fiveMinutes = { period: Duration.minutes(5), statistic: 'Sum' };
    const requests = httpApi.api.metricCount(fiveMinutes);
    const serverErrors = httpApi.api.metricServerError(fiveMinutes);
    const serverErrorRate = new cloudwatch.MathExpression({
      expression: `IF(requests >= ${ALARM_SETTINGS.minRequests}, 100 * errors / requests, 0)`,
      usingMetrics: { requests, errors: serverErrors },
      label: '5xx %',
      period: Duration.minutes(5),
    });
    this.alarm('Api5xxRate', `API: more than ${ALARM_SETTINGS.apiServerErrorPercent}% of answers are 5xx`, serverErrorRate, ALARM_SETTINGS.apiServerErrorPercent, 2);

    for (const [name, fn] of props.backgroundFunctions) {
      this.alarm(`${pascal(name)}Errors`, `${name}: invocations failing`, fn.function.metricErrors(fiveMinutes), 1);
    }
    for (const name of METER_ALARMS) this.alarm(name, `Meter sink: ${name}`, argusMetric(name, config.stage), 1);

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `argus-${config.stage}`,
      defaultInterval: Duration.hours(3),
    });
    const width = 8;
    const latency = (p: string) => httpApi.api.metricLatency({ statistic: p, period: Duration.minutes(1), label: `latency ${p}` });
    const throttles = props.functions.map((fn) => fn.function.metricThrottles({ period: Duration.minutes(1) }));
    this.dashboard.addWidgets(
      new cloudwatch.TextWidget({ markdown: `# Argus ${config.stage}\nGolden signals of the API, then the queues, then the business.`, width: 24, height: 2 }),
      new cloudwatch.GraphWidget({ title: 'Latency (ms): p50, p95, p99', left: ['p50', 'p95', 'p99'].map(latency), width }),
      new cloudwatch.GraphWidget({ title: 'Traffic (requests/min)', left: [httpApi.api.metricCount({ period: Duration.minutes(1), statistic: 'Sum', label: 'requests' })], width }),
      new cloudwatch.GraphWidget({
        title: 'Errors',
        left: [httpApi.api.metricClientError({ ...fiveMinutes, label: '4xx' }), serverErrors.with({ label: '5xx' })],
        right: [serverErrorRate],
        width,
      }),
      new cloudwatch.GraphWidget({
        title: 'Saturation: Lambda concurrency (account) and throttles (Argus functions)',
        left: [lambda.Function.metricAllConcurrentExecutions({ statistic: 'Maximum', period: Duration.minutes(1), label: 'concurrent executions' })],
        right: [sumOf('throttles', throttles)],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Queues: messages waiting',
        left: [...workQueues, ...deadLetterQueues].map(([name, q]) => q.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', label: name })),
        right: workQueues.map(([name, q]) => q.metricApproximateAgeOfOldestMessage({ statistic: 'Maximum', label: `${name} oldest (s)` })),
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Business: sign-ups, checkouts, license validations (per hour)',
        left: BUSINESS_METRICS.map((m) => argusMetric(m, config.stage, Duration.hours(1)).with({ label: m })),
        width: 12,
      }),
      new cloudwatch.GraphWidget({ title: 'Meter sink', left: METER_ALARMS.map((m) => argusMetric(m, config.stage).with({ label: m })), width: 12 }),
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 }),
    );
  }

  private alarm(id: string, description: string, metric: cloudwatch.IMetric, threshold: number, datapoints = 1): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmName: `argus-${this.stage}-${id}`,
      alarmDescription: description,
      metric,
      threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // m of n: a single bad 5-minute window of a rate alarm is noise, two of three is a trend.
      evaluationPeriods: datapoints === 1 ? 1 : datapoints + 1,
      datapointsToAlarm: datapoints,
      // No data (no traffic, an empty queue, a sink that sent nothing) is healthy.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    alarm.addOkAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}

/** An `Argus/<name>` metric of this stage, as shared/observability/metrics.ts emits it. */
export function argusMetric(name: ArgusMetric, stage: string, period = Duration.minutes(5)): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { [METRIC_DIMENSION]: stage },
    statistic: 'Sum',
    period,
  });
}

function sumOf(label: string, metrics: cloudwatch.IMetric[]): cloudwatch.IMetric {
  const usingMetrics = Object.fromEntries(metrics.map((m, i) => [`m${i}`, m]));
  return new cloudwatch.MathExpression({ expression: metrics.length ? `SUM([${Object.keys(usingMetrics).join(',')}])` : '0', usingMetrics, label, period: Duration.minutes(1) });
}

function pascal(name: string): string {
  return name.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase());
}
