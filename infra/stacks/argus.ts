import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { stageConfig } from '../config/stages';
import { ConsoleContentStack, ConsoleStack } from './console-stack';
import { EdgeStack, hostOf } from './edge-stack';
import { StatefulStack } from './stateful-stack';
import { StatelessStack, type StatelessStackProps } from './stateless-stack';

export type ArgusOverrides = Pick<StatelessStackProps, 'routes' | 'consumers' | 'schedules' | 'functionsDir'>;

export interface ArgusStacks {
  stateful: StatefulStack;
  stateless: StatelessStack;
  /** CloudFront + WAF in us-east-1, on stages with an `edge` setting. */
  edge?: EdgeStack;
  /** The web console (S3 + CloudFront) and its content, on deployed stages (locally the local stack serves it). */
  console?: { site: ConsoleStack; content: ConsoleContentStack };
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
  // The console's distribution comes first so the API's CORS (and checkout's return URLs) can allow its origin.
  const site =
    config.stage === 'local'
      ? undefined
      : new ConsoleStack(app, `Argus-${config.stage}-Console`, {
          config,
          env,
          tags,
          description: `Argus ${config.stage}: web console hosting (S3 + CloudFront)`,
        });
  const stateless = new StatelessStack(app, `Argus-${config.stage}-Stateless`, {
    ...overrides,
    config: site ? { ...config, allowedOrigins: [...config.allowedOrigins, site.site.origin] } : config,
    resources: stateful.resources,
    env,
    tags,
    description: `Argus ${config.stage}: HTTP API, functions, queue consumers, schedules`,
  });

  const edgeConfig = config.edge;
  const edge = edgeConfig
    ? new EdgeStack(app, `Argus-${config.stage}-Edge`, {
        config: { ...config, edge: edgeConfig },
        apiDomain: hostOf(stateless.httpApi.api.apiEndpoint),
        // A web ACL for CloudFront must be created in us-east-1, wherever the stage runs.
        env: env ? { account: env.account, region: 'us-east-1' } : undefined,
        crossRegionReferences: true,
        tags,
        description: `Argus ${config.stage}: CloudFront + AWS WAF in front of the HTTP API`,
      })
    : undefined;

  const content =
    site &&
    new ConsoleContentStack(app, `Argus-${config.stage}-ConsoleContent`, {
      config,
      site: site.site,
      apiUrl: stateless.httpApi.stage.url,
      userPoolClientId: stateful.resources.userPoolClient.userPoolClientId,
      env,
      tags,
      description: `Argus ${config.stage}: web console files and config.json`,
    });

  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { stateful, stateless, edge, console: site && content ? { site, content } : undefined };
}
