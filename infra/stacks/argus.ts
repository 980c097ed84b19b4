import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { stageConfig } from '../config/stages';
import { StatefulStack } from './stateful-stack';
import { StatelessStack, type StatelessStackProps } from './stateless-stack';

export type ArgusOverrides = Pick<StatelessStackProps, 'routes' | 'consumers' | 'schedules' | 'functionsDir'>;

export interface ArgusStacks {
  stateful: StatefulStack;
  stateless: StatelessStack;
}

/**
 * Adds one stage of Argus to an app: `Argus-<stage>-Stateful` and `Argus-<stage>-Stateless`, checked by the
 * cdk-nag AwsSolutions pack. The stage comes from context (`-c stage=...`); an unknown stage throws.
 */
export function addArgus(app: App, overrides: ArgusOverrides = {}): ArgusStacks {
  const config = stageConfig(app.node.tryGetContext('stage'));
  // Environment-agnostic unless the CLI knows the target account/region (cdk deploy with credentials).
  const env =
    process.env.CDK_DEFAULT_ACCOUNT && process.env.CDK_DEFAULT_REGION
      ? { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION }
      : undefined;
  const tags = { project: 'argus', stage: config.stage };

  const stateful = new StatefulStack(app, `Argus-${config.stage}-Stateful`, {
    config,
    env,
    tags,
    description: `Argus ${config.stage}: table, queues, user pool, event bus, Stripe secret`,
    terminationProtection: config.retainData,
  });
  const stateless = new StatelessStack(app, `Argus-${config.stage}-Stateless`, {
    ...overrides,
    config,
    resources: stateful.resources,
    env,
    tags,
    description: `Argus ${config.stage}: HTTP API, functions, queue consumers, schedules`,
  });

  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { stateful, stateless };
}
