import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { type ConsoleConfig, consoleSecurityHeaders, HASHED_ASSETS_DIR, IMMUTABLE_CACHE, REVALIDATE_CACHE, SPA_ROUTE } from '../console/site-rules';
import { CONSOLE_BASE, CONSOLE_DIST, ensureConsoleBuiltSync } from '../local/console-build';

export interface ConsoleSiteProps {
  stage: string;
  retainData: boolean;
  /**
   * Where the console may send API calls (CSP `connect-src`). The site is created before the API (the API's CORS
   * names the site's origin), so this is the API's host pattern rather than its exact URL.
   */
  apiOrigins: readonly string[];
}

/**
 * The console's hosting: a private S3 bucket (no public access, TLS only, encrypted) read by CloudFront through Origin
 * Access Control, the security headers of `site-rules.ts` on every answer (plus HSTS), and the SPA fallback as a
 * CloudFront Function (the same rule the local stack applies). The console lives under `/console/` as locally.
 * Its files and config.json are put there by `ConsoleContent`, deployed after the API.
 */
export class ConsoleSite extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** `https://<domain>`: the origin the API's CORS must allow. */
  readonly origin: string;
  /** `https://<domain>/console/` */
  readonly url: string;

  constructor(scope: Construct, id: string, props: ConsoleSiteProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: consoleBucketName(props.stage),
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Only built files live here: a deleted stage takes them along, unless the stage keeps its data.
      removalPolicy: props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      autoDeleteObjects: !props.retainData,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'The bucket holds the built console only and is read solely by CloudFront (OAC); nothing in it is private, and every write is a CloudFormation deployment recorded by CloudTrail.',
    });

    const headers = consoleSecurityHeaders(props.apiOrigins);
    const headersPolicy = new cloudfront.ResponseHeadersPolicy(this, 'Headers', {
      comment: `Argus ${props.stage} console: security headers`,
      securityHeadersBehavior: {
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
        contentSecurityPolicy: { contentSecurityPolicy: headers['content-security-policy'], override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      },
      customHeadersBehavior: { customHeaders: [{ header: 'Cross-Origin-Opener-Policy', value: headers['cross-origin-opener-policy'], override: true }] },
    });

    const spaFallback = new cloudfront.Function(this, 'SpaFallback', {
      comment: 'Console deep links get index.html; / goes to the console',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(spaFallbackCode()),
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Argus ${props.stage} console`,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headersPolicy,
        functionAssociations: [{ function: spaFallback, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
        compress: true,
      },
    });
    Validations.of(this.distribution).acknowledge(
      { id: 'AwsSolutions-CFR1', reason: 'The console serves customers worldwide; it is static files, and the API it calls enforces authentication and limits.' },
      { id: 'AwsSolutions-CFR2', reason: 'Static, public files only (no forms post here, nothing is computed); the API the console calls is the part behind WAF (the Edge stack).' },
      { id: 'AwsSolutions-CFR3', reason: 'Static, public files: a request log would hold no security signal the API access log does not already hold for every call the console makes.' },
      { id: 'AwsSolutions-CFR4', reason: 'The distribution uses the default *.cloudfront.net certificate, for which CloudFront fixes the viewer TLS policy; a custom domain with an ACM certificate gets TLSv1.2_2021 from minimumProtocolVersion.' },
    );

    this.origin = `https://${this.distribution.distributionDomainName}`;
    this.url = `${this.origin}${CONSOLE_BASE}`;
    new CfnOutput(this, 'ConsoleUrl', { key: 'ConsoleUrl', value: this.url, description: 'The web console' });
  }
}

/** Named, so the content stack reaches it by name (no exported ARN in its deployment role's policy). */
export function consoleBucketName(stage: string): string {
  return `argus-${stage}-console-${Aws.ACCOUNT_ID}-${Aws.REGION}`;
}

export interface ConsoleContentProps {
  stage: string;
  site: ConsoleSite;
  /** What the console reads from `config.json` at start (the API's URL and the user pool's client id). */
  config: ConsoleConfig;
}

/**
 * The built console (web/dist, built first when missing or stale) and its `config.json`, into the site's bucket:
 * hashed assets cached for a year and kept across deployments (a tab still open on the previous index.html keeps
 * loading), everything else revalidated and its CloudFront copies invalidated.
 */
export class ConsoleContent extends Construct {
  constructor(scope: Construct, id: string, props: ConsoleContentProps) {
    super(scope, id);
    ensureConsoleBuiltSync();
    const prefix = CONSOLE_BASE.slice(1);
    const bucket = s3.Bucket.fromBucketName(this, 'SiteBucket', consoleBucketName(props.stage));
    const assets = new s3deploy.BucketDeployment(this, 'Assets', {
      sources: [s3deploy.Source.asset(`${CONSOLE_DIST}/${HASHED_ASSETS_DIR}`)],
      destinationBucket: bucket,
      destinationKeyPrefix: `${prefix}${HASHED_ASSETS_DIR}`,
      cacheControl: [s3deploy.CacheControl.fromString(IMMUTABLE_CACHE)],
      prune: false,
      memoryLimit: 512,
    });
    const pages = new s3deploy.BucketDeployment(this, 'Pages', {
      sources: [s3deploy.Source.asset(CONSOLE_DIST, { exclude: [HASHED_ASSETS_DIR, '.*'] }), s3deploy.Source.jsonData('config.json', props.config)],
      destinationBucket: bucket,
      destinationKeyPrefix: prefix,
      cacheControl: [s3deploy.CacheControl.fromString(REVALIDATE_CACHE)],
      // Pruning here would delete the assets beside the pages.
      prune: false,
      distribution: props.site.distribution,
      distributionPaths: [`${CONSOLE_BASE}*`],
      memoryLimit: 512,
    });
    // New pages only once the assets they name are in place.
    pages.node.addDependency(assets);
    this.acknowledgeDeploymentHandler(props.stage);
  }

  /** The deployment handler is CDK's own singleton Lambda; what cdk-nag finds in it, and why each is acceptable. */
  private acknowledgeDeploymentHandler(stage: string) {
    const handlers = Stack.of(this).node.children.filter((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
    const s3Wildcards = 'CDK grants its deployment handler these S3 action groups (read the asset, list, write and delete under the prefix) on the two buckets only; it runs only during a CloudFormation deployment.';
    for (const handler of handlers) {
      Validations.of(handler).acknowledge(
        { id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', reason: 'CDK\'s BucketDeployment handler logs through the AWS-managed basic execution policy (its own log group only).' },
        ...['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map((action) => ({ id: `AwsSolutions-IAM5[Action::${action}]`, reason: s3Wildcards })),
        { id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]', reason: 'The CDK bootstrap asset bucket: the handler reads the console build CDK uploaded there.' },
        { id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::argus-${stage}-console-<AWS::AccountId>-<AWS::Region>/*]`, reason: 'The console bucket\'s objects: what the deployment writes, and the old pages it replaces.' },
        { id: 'AwsSolutions-IAM5[Resource::*]', reason: 'cloudfront:CreateInvalidation cannot be scoped to a distribution by CDK\'s handler grant; invalidating is all it allows.' },
        { id: 'AwsSolutions-L1', reason: 'The runtime of CDK\'s BucketDeployment handler is chosen by aws-cdk-lib and moves with it.' },
      );
    }
  }
}

/** The viewer-request function: `/` and `/console` go to `/console/`; a console path without an extension is the app's. */
export function spaFallbackCode(): string {
  const base = CONSOLE_BASE;
  return `var SPA_ROUTE = /${SPA_ROUTE.source}/;
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri === '/' || uri === '${base.slice(0, -1)}') {
    return { statusCode: 308, statusDescription: 'Permanent Redirect', headers: { location: { value: '${base}' }, 'cache-control': { value: 'no-cache' } } };
  }
  if (uri.indexOf('${base}') === 0 && SPA_ROUTE.test(uri)) request.uri = '${base}index.html';
  return request;
}
`;
}

/** Where a stage's API answers the console (CSP `connect-src`): its HTTP API's host in the stack's region. */
export function apiHostPattern(): string {
  return `https://*.execute-api.${Aws.REGION}.amazonaws.com`;
}
