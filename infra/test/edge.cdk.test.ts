import { Template } from 'aws-cdk-lib/assertions';
import { stageConfig } from '../config/stages';
import { SAMPLE_TABLES, synthArgus } from './helpers';

describe('edge: CloudFront + AWS WAF in front of the HTTP API', () => {
  const { edge } = synthArgus('prod', SAMPLE_TABLES);
  const t = Template.fromStack(edge!);
  const acl = Object.values(t.findResources('AWS::WAFv2::WebACL'))[0] as { Properties: Record<string, any> };
  const rule = (name: string) => acl.Properties.Rules.find((r: any) => r.Name === name);

  it('is a stack of its own for deployed stages only (a CloudFront web ACL lives in us-east-1)', () => {
    expect(edge!.stackName).toBe('Argus-prod-Edge');
    expect(synthArgus('local', SAMPLE_TABLES).edge).toBeUndefined();
    expect(acl.Properties.Scope).toBe('CLOUDFRONT');
  });

  it('limits anonymous routes per client IP to the stage setting, answering 429', () => {
    const anon = rule('AnonymousPerIp');
    expect(anon.Action).toEqual({ Block: { CustomResponse: { ResponseCode: 429 } } });
    expect(anon.Statement.RateBasedStatement).toMatchObject({ AggregateKeyType: 'IP', Limit: stageConfig('prod').edge!.perIpRequestsPerMinute, EvaluationWindowSec: 60 });
    const paths = anon.Statement.RateBasedStatement.ScopeDownStatement.OrStatement.Statements.map((s: any) => s.ByteMatchStatement.SearchString);
    expect(paths).toEqual(['/v1/auth/', '/v1/licenses/validate']);
  });

  it('caps any one address at the largest tier on every other route, except the signed Stripe webhook', () => {
    const any = rule('AnyRoutePerIp');
    expect(any.Statement.RateBasedStatement).toMatchObject({ AggregateKeyType: 'IP', Limit: 100_000, EvaluationWindowSec: 60 });
    expect(any.Statement.RateBasedStatement.ScopeDownStatement.NotStatement.Statement.ByteMatchStatement.SearchString).toBe('/v1/webhooks/stripe');
    expect(rule('AWSManagedRulesAmazonIpReputationList')).toBeDefined();
    expect(rule('AWSManagedRulesKnownBadInputsRuleSet')).toBeDefined();
  });

  it('puts the web ACL on a distribution that caches nothing, forwards all but Host, HTTPS only, all methods', () => {
    const dist = (Object.values(t.findResources('AWS::CloudFront::Distribution'))[0] as any).Properties.DistributionConfig;
    expect(dist.DefaultCacheBehavior).toMatchObject({
      ViewerProtocolPolicy: 'https-only',
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', // Managed-CachingDisabled
      OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac', // Managed-AllViewerExceptHostHeader
    });
    expect(dist.WebACLId).toEqual({ 'Fn::GetAtt': ['WebAcl', 'Arn'] });
    expect(dist.Origins[0].CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
    // The origin is the stage's own HTTP API (its endpoint host, from the stateless stack).
    expect(JSON.stringify(dist.Origins[0].DomainName)).toMatch(/HttpApi/);
    t.hasOutput('EdgeUrl', {});
  });
});
