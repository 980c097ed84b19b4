import { CfnOutput, Fn, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { catalog } from '../../shared/plans/catalog';
import type { StageConfig } from '../config/stages';

export interface EdgeStackProps extends StackProps {
  config: StageConfig & { edge: NonNullable<StageConfig['edge']> };
  /** `<apiId>.execute-api.<region>.amazonaws.com` of the stage's HTTP API. */
  apiDomain: string;
}

/** Paths anyone may call without credentials: where a per-IP limit is the only limit before the app. */
export const ANONYMOUS_PATH_PREFIXES = ['/v1/auth/', '/v1/licenses/validate'] as const;
/** Stripe delivers webhooks from a few addresses in bursts; they are signed, and the app limits failed signatures. */
export const UNLIMITED_PATHS = ['/v1/webhooks/stripe'] as const;

/**
 * The stage's public edge: CloudFront in front of the HTTP API with an AWS WAF web ACL. WAF cannot be attached to an
 * HTTP API directly (only to REST APIs, ALBs, AppSync, Cognito and CloudFront), and a web ACL for CloudFront must live
 * in us-east-1, so this is a stack of its own in that region. Per-IP rate-based rules:
 * - anonymous routes (sign-up, login, password reset, license validation): `edge.perIpRequestsPerMinute`;
 * - every other route but the Stripe webhook: the largest tier's per-org rate, so no single address exceeds what one
 *   enterprise org may send (a customer's backend is one address and may use its whole budget).
 * Plus AWS's IP reputation and known-bad-inputs managed groups. Nothing is cached (every answer is per caller).
 */
export class EdgeStack extends Stack {
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    const { config } = props;
    const largestTier = Math.max(...catalog.plans.map((p) => p.rateLimit.requestsPerMinute));

    const webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: `argus-${config.stage}-edge`,
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(`argus-${config.stage}-edge`),
      rules: [
        perIpRule('AnonymousPerIp', 0, config.edge.perIpRequestsPerMinute, orPaths(ANONYMOUS_PATH_PREFIXES)),
        perIpRule('AnyRoutePerIp', 1, largestTier, { notStatement: { statement: orPaths(UNLIMITED_PATHS) } }),
        managedRule('AWSManagedRulesAmazonIpReputationList', 2),
        managedRule('AWSManagedRulesKnownBadInputsRuleSet', 3),
      ],
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Argus ${config.stage} API`,
      webAclId: webAcl.attrArn,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      defaultBehavior: {
        origin: new origins.HttpOrigin(props.apiDomain, { protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        // Everything the viewer sent but Host (API Gateway routes on its own host name); CloudFront adds
        // CloudFront-Viewer-Address, the real client address, since API Gateway now sees CloudFront's.
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      },
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'The API serves customers worldwide; WAF rate and reputation rules limit abuse instead of geography.',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason: 'Every request is logged by the API Gateway access log (JSON, with the route, status and latency); CloudFront standard logs would need an ACL-enabled bucket for the same records.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason: 'The distribution uses the default *.cloudfront.net certificate, for which CloudFront fixes the viewer TLS policy; a custom domain with an ACM certificate gets TLSv1.2_2021 from minimumProtocolVersion.',
      },
    );

    new CfnOutput(this, 'EdgeUrl', { value: `https://${this.distribution.distributionDomainName}`, description: 'Public API URL (CloudFront + WAF)' });
  }
}

/** The API's host name from its endpoint URL (`https://<id>.execute-api.<region>.amazonaws.com`). */
export function hostOf(apiEndpoint: string): string {
  return Fn.select(2, Fn.split('/', apiEndpoint));
}

function visibility(metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName };
}

function pathStartsWith(path: string): wafv2.CfnWebACL.StatementProperty {
  return {
    byteMatchStatement: {
      fieldToMatch: { uriPath: {} },
      positionalConstraint: 'STARTS_WITH',
      searchString: path,
      textTransformations: [{ priority: 0, type: 'NONE' }],
    },
  };
}

function orPaths(paths: readonly string[]): wafv2.CfnWebACL.StatementProperty {
  return paths.length === 1 ? pathStartsWith(paths[0]) : { orStatement: { statements: paths.map(pathStartsWith) } };
}

function perIpRule(name: string, priority: number, perMinute: number, scopeDown: wafv2.CfnWebACL.StatementProperty): wafv2.CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    action: { block: { customResponse: { responseCode: 429 } } },
    statement: {
      rateBasedStatement: { aggregateKeyType: 'IP', limit: perMinute, evaluationWindowSec: 60, scopeDownStatement: scopeDown },
    },
    visibilityConfig: visibility(name),
  };
}

function managedRule(name: string, priority: number): wafv2.CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
    visibilityConfig: visibility(name),
  };
}
