import * as path from 'node:path';
import { AssetHashType, Duration, type ILocalBundling, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { StageConfig } from '../config/stages';
import type { FunctionAccess } from '../function-access';
import type { StatefulResources } from '../stacks/stateful-stack';
import { bundleSync, FUNCTION_NODE_OPTIONS, LAMBDA_HANDLER } from './bundling';
import { accessEnvironment, grantAccess, grantHoldSchedules } from './function-grants';
import type { HoldExpiryTargetRef } from './hold-expiry';

/** Repo root: functions live in `<root>/functions/<handler>/handler.ts`. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const DEFAULT_FUNCTIONS_DIR = path.join(REPO_ROOT, 'functions');

/** Timeout of API route handlers and the authorizer (API Gateway's own limit is 30 s). */
export const API_FUNCTION_TIMEOUT = Duration.seconds(10);

const RETENTION: Record<StageConfig['logRetentionDays'], logs.RetentionDays> = {
  7: logs.RetentionDays.ONE_WEEK,
  30: logs.RetentionDays.ONE_MONTH,
  90: logs.RetentionDays.THREE_MONTHS,
  365: logs.RetentionDays.ONE_YEAR,
};

/** A log group with the stage's retention, kept with the data on stages that retain data. */
export function stageLogGroup(scope: Construct, id: string, config: StageConfig): logs.LogGroup {
  return new logs.LogGroup(scope, id, {
    retention: RETENTION[config.logRetentionDays],
    removalPolicy: config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
  });
}

/**
 * The log group every function of a stack writes to, with the stage's retention, in the top-level stack (functions in
 * its nested stacks write there too). One group, not one per function: a CloudFormation stack holds at most 500
 * resources. Lambda names each log stream after its function (`YYYY/MM/DD/<function>[<version>]<instance>`), and every
 * log line carries `function_name` (Powertools), so a function's logs are still one filter away.
 */
export function functionLogGroup(scope: Construct, config: StageConfig): logs.LogGroup {
  let stack = Stack.of(scope);
  while (stack.nestedStackParent) stack = stack.nestedStackParent;
  return (stack.node.tryFindChild('FunctionLogs') as logs.LogGroup | undefined) ?? stageLogGroup(stack, 'FunctionLogs', config);
}

/** What every function is bound to. Built once per stack and shared by all functions. */
export interface FunctionBinding {
  config: StageConfig;
  resources: StatefulResources;
  /** Folder holding `<handler>/handler.ts`; tests point it at fixtures. */
  functionsDir?: string;
  /** Where hold-expiry schedules go (infra/constructs/hold-expiry.ts): needed by functions with `holdSchedules` access. */
  holdExpiry?: HoldExpiryTargetRef;
}

export interface ArgusFunctionProps {
  binding: FunctionBinding;
  /** Folder under functions/ holding `handler.ts`. */
  handler: string;
  /** What it may touch, from its route-table entry: the only permissions it gets besides its own logs and X-Ray. */
  access: FunctionAccess;
  timeout: Duration;
  /** @default 512 */
  memorySize?: number;
}

/**
 * The one way to make a Lambda in Argus: Node 22 on arm64, esbuild-bundled (minified, source maps, AWS SDK
 * bundled so the pinned SDK version is what runs), X-Ray active, a log group with the stage's retention, the
 * shared environment, and exactly the permissions its route-table entry declares (function-grants.ts).
 */
export class ArgusFunction extends Construct {
  readonly function: lambda.Function;

  constructor(scope: Construct, id: string, props: ArgusFunctionProps) {
    super(scope, id);
    const { config, resources } = props.binding;
    const functionsDir = props.binding.functionsDir ?? DEFAULT_FUNCTIONS_DIR;

    const logGroup = functionLogGroup(this, config);
    // Own role instead of AWSLambdaBasicExecutionRole: write access to the functions' log group only.
    const role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);

    const entry = path.join(functionsDir, props.handler, 'handler.ts');
    this.function = new lambda.Function(this, 'Function', {
      // Bundled in-process by bundling.ts (esbuild's JS API, with its plugins), the same code the cold-start bench
      // measures. The asset is hashed by its output, so an unchanged bundle is not uploaded again.
      code: lambda.Code.fromAsset(path.dirname(entry), {
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          // Never pulled: local bundling always succeeds or throws, so CDK never falls back to Docker.
          image: lambda.Runtime.NODEJS_22_X.bundlingImage,
          local: {
            // `entry` is data, so CDK's in-memory asset cache tells functions apart.
            entry,
            tryBundle(outputDir: string) {
              bundleSync(entry, outputDir);
              return true;
            },
          } as ILocalBundling & { entry: string },
        },
      }),
      handler: LAMBDA_HANDLER,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout,
      role,
      logGroup,
      tracing: lambda.Tracing.ACTIVE,
      environment: {
        NODE_OPTIONS: FUNCTION_NODE_OPTIONS,
        STAGE: config.stage,
        LOG_LEVEL: config.logLevel,
        POWERTOOLS_SERVICE_NAME: 'argus',
        POWERTOOLS_LOG_LEVEL: config.logLevel,
        TABLE_NAME: resources.table.tableName,
        USAGE_QUEUE_URL: resources.usageQueue.queueUrl,
        USAGE_DLQ_URL: resources.usageDeadLetterQueue.queueUrl,
        WEBHOOK_QUEUE_URL: resources.webhookQueue.queueUrl,
        METER_SINK_QUEUE_URL: resources.meterSinkQueue.queueUrl,
        ANALYTICS_QUEUE_URL: resources.analyticsQueue.queueUrl,
        ANALYTICS_DLQ_URL: resources.analyticsDeadLetterQueue.queueUrl,
        EVENT_BUS_NAME: resources.eventBus.eventBusName,
        USER_POOL_ID: resources.userPool.userPoolId,
        USER_POOL_CLIENT_ID: resources.userPoolClient.userPoolClientId,
        COGNITO_ISSUER: resources.cognitoIssuer,
        AUTO_CONFIRM_SIGNUP: String(config.autoConfirmSignUp),
        AUTHORIZER_CACHE_SECONDS: String(config.authorizerCacheSeconds),
        PAST_DUE_GRACE_DAYS: String(config.pastDueGraceDays),
        ALLOWED_ORIGINS: config.allowedOrigins.join(','),
        ...(config.mailFrom ? { MAIL_FROM: config.mailFrom } : {}),
        ...accessEnvironment(props.access, resources, config),
        ...(props.access.holdSchedules ? holdExpiryEnvironment(props.binding, props.handler) : {}),
      },
    });

    grantAccess(this.function, props.access, config, resources);
    if (props.access.holdSchedules) grantHoldSchedules(this.function, props.binding.holdExpiry!);

    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Tracing ACTIVE adds xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level ' +
        'permissions (the X-Ray service authorization reference lists only "*"); every other statement names its resource.',
    });
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 is pinned on purpose (ARCHITECTURE: Node 22 runtime); moving to a newer runtime is a deliberate ' +
        'upgrade together with the local toolchain, not something to pick up implicitly.',
    });
  }
}

function holdExpiryEnvironment(binding: FunctionBinding, handler: string): Record<string, string> {
  const target = binding.holdExpiry;
  if (!target) throw new Error(`${handler} declares holdSchedules, but the stack has no HoldExpiry construct bound`);
  return { HOLD_EXPIRY_GROUP: target.groupName, HOLD_EXPIRY_TARGET_ARN: target.functionArn, HOLD_EXPIRY_ROLE_ARN: target.roleArn };
}
