import { Match } from 'aws-cdk-lib/assertions';
import { ALARM_SETTINGS } from '../constructs/operations';
import { consumers, schedules } from '../routes';
import { synthArgus } from './helpers';

type Resource = { Type: string; Properties: Record<string, any> };

describe('operations: alarms and dashboard (prod, the real tables)', () => {
  const { stateless$: t } = synthArgus('prod');
  const resources = t.toJSON().Resources as Record<string, Resource>;
  const alarms = Object.values(resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm').map((r) => r.Properties);
  const alarmNamed = (suffix: string) => {
    const found = alarms.filter((a) => a.AlarmName === `argus-prod-${suffix}`);
    expect(found).toHaveLength(1);
    return found[0];
  };
  const topicId = Object.keys(t.findResources('AWS::SNS::Topic'))[0];

  it('has one alarm topic per stage, encrypted with a rotated key CloudWatch may use, TLS only', () => {
    t.resourceCountIs('AWS::SNS::Topic', 1);
    t.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'argus-prod-alarms', KmsMasterKeyId: Match.anyValue() });
    t.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] })]) },
    });
    t.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    t.hasOutput('AlarmTopicArn', {});
  });

  it('sends every alarm and its recovery to the topic', () => {
    expect(alarms.length).toBeGreaterThan(0);
    for (const a of alarms) {
      expect(a.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(a.OKActions).toEqual([{ Ref: topicId }]);
      expect(a.TreatMissingData).toBe('notBreaching');
    }
  });

  it.each([
    ['UsageDlq', 'UsageDeadLetterQueue'],
    ['StripeWebhookDlq', 'StripeWebhooksDeadLetterQueue'],
  ])('watches the %s depth (any message) and its oldest message age', (name, exportName) => {
    const depth = alarmNamed(`${name}Depth`);
    expect(depth).toMatchObject({ Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    expect(JSON.stringify(depth.Dimensions)).toMatch(new RegExp(exportName));
    const age = alarmNamed(`${name}Age`);
    expect(age).toMatchObject({ Namespace: 'AWS/SQS', MetricName: 'ApproximateAgeOfOldestMessage', Threshold: ALARM_SETTINGS.deadLetterAgeSeconds });
    expect(JSON.stringify(age.Dimensions)).toMatch(new RegExp(exportName));
  });

  it('alarms on the API 5xx rate (2 of 3 five-minute windows above 1 % with real traffic)', () => {
    const rate = alarmNamed('Api5xxRate');
    expect(rate).toMatchObject({ Threshold: 1, EvaluationPeriods: 3, DatapointsToAlarm: 2 });
    const expression = rate.Metrics.find((m: any) => m.Expression);
    expect(expression.Expression).toBe('IF(requests >= 20, 100 * errors / requests, 0)');
    const names = rate.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Metric.MetricName).sort();
    expect(names).toEqual(['5xx', 'Count']);
  });

  it('alarms on errors of every queue consumer and schedule (aggregator, webhook processor, meter sink)', () => {
    const errorAlarms = alarms.filter((a) => a.MetricName === 'Errors' && a.Namespace === 'AWS/Lambda');
    // Background functions: every consumer and schedule, and the hold-expiry target EventBridge Scheduler invokes.
    expect(errorAlarms).toHaveLength(consumers.length + schedules.length + 1);
    for (const name of ['UsageUsageAggregatorErrors', 'WebhooksStripeWebhookProcessorErrors', 'UsageMeterSinkErrors', 'HoldExpireErrors']) {
      expect(alarmNamed(name)).toMatchObject({ Threshold: 1, Statistic: 'Sum', Period: 300 });
    }
  });

  it.each(['MeterSendsRejected', 'MeterSendsStuck'])('alarms on Argus/%s of this stage', (metric) => {
    expect(alarmNamed(metric)).toMatchObject({
      Namespace: 'Argus',
      MetricName: metric,
      Dimensions: [{ Name: 'Stage', Value: 'prod' }],
      Threshold: 1,
    });
  });

  it('has a dashboard with latency percentiles, traffic, errors, saturation, queues and business signals', () => {
    const dashboards = Object.values(resources).filter((r) => r.Type === 'AWS::CloudWatch::Dashboard');
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0].Properties.DashboardName).toBe('argus-prod');
    const body = JSON.stringify(dashboards[0].Properties.DashboardBody);
    for (const needle of ['"stat\\":\\"p50', '"stat\\":\\"p95', '"stat\\":\\"p99', 'ConcurrentExecutions', 'Throttles', 'ApproximateNumberOfMessagesVisible', 'SignUps', 'Checkouts', 'LicenseValidations', 'alarm']) {
      expect(body).toContain(needle);
    }
  });
});

describe('operations: alarm e-mail subscriptions', () => {
  it('subscribes nobody where the stage lists no address', () => {
    const { stateless$: t } = synthArgus('dev');
    t.resourceCountIs('AWS::SNS::Subscription', 0);
  });
});
