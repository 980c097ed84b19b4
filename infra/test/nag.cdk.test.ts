import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { STAGES } from '../config/stages';
import { SAMPLE_TABLES, synthArgus } from './helpers';

/**
 * cdk-nag 3.x reports through CDK's policy-validation plugins, not annotations: `validateScope` runs the pack over
 * a construct tree and returns every unacknowledged finding (errors and warnings) exactly as `cdk synth` would.
 */
function nagFindings(stage: string, overrides = {}): string[] {
  const { app, stateful, stateless } = synthArgus(stage, overrides);
  const report = new AwsSolutionsChecks().validateScope(app);
  const findings = report.violations.flatMap((v) =>
    v.violatingResources.map((r) => `${v.severity} ${v.ruleName} at ${r.constructPath}: ${v.description}`),
  );
  // Anything else a construct flagged (e.g. deprecations, cross-stack warnings) must not hide in the noise either.
  for (const stack of [stateful, stateless]) {
    const annotations = Annotations.fromStack(stack);
    findings.push(
      ...annotations.findError('*', Match.anyValue()).map((a) => `annotation error at ${a.id}: ${JSON.stringify(a.entry.data)}`),
      ...annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*')).map((a) => `annotation warning at ${a.id}`),
    );
  }
  return findings;
}

describe('cdk-nag AwsSolutions', () => {
  it.each(STAGES)('stage %s with the real tables has no unacknowledged errors or warnings', (stage) => {
    expect(nagFindings(stage)).toEqual([]);
  });

  it.each(['dev', 'prod'])('stage %s with every kind of route, consumer and schedule is clean too', (stage) => {
    expect(nagFindings(stage, SAMPLE_TABLES)).toEqual([]);
  });

  it('does flag a problem (the check is live)', () => {
    const { app, stateful } = synthArgus('dev', SAMPLE_TABLES);
    const { Queue } = jest.requireActual<typeof import('aws-cdk-lib/aws-sqs')>('aws-cdk-lib/aws-sqs');
    new Queue(stateful, 'Unencrypted', { encryption: undefined, enforceSSL: false });
    const rules = new AwsSolutionsChecks().validateScope(app).violations.map((v) => v.ruleName);
    expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-SQS3', 'AwsSolutions-SQS4']));
  });
});
