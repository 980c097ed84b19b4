import { Match, Template } from 'aws-cdk-lib/assertions';
import { SPA_ROUTE } from '../console/site-rules';
import { spaFallbackCode } from '../constructs/console-site';
import { SAMPLE_TABLES, synthArgus } from './helpers';

describe('web console hosting (S3 + CloudFront)', () => {
  const stacks = synthArgus('prod', SAMPLE_TABLES);
  const site$ = Template.fromStack(stacks.console!.site);
  const content$ = Template.fromStack(stacks.console!.content);
  const dist = () => (Object.values(site$.findResources('AWS::CloudFront::Distribution'))[0] as any).Properties.DistributionConfig;

  it('is two stacks of deployed stages around the API (site before it, content after it); none on local', () => {
    expect([stacks.console!.site.stackName, stacks.console!.content.stackName]).toEqual(['Argus-prod-Console', 'Argus-prod-ConsoleContent']);
    expect(stacks.stateless.dependencies).toContain(stacks.console!.site);
    expect(stacks.console!.content.dependencies).toEqual(expect.arrayContaining([stacks.console!.site, stacks.stateless, stacks.stateful]));
    expect(synthArgus('local', SAMPLE_TABLES).console).toBeUndefined();
  });

  it('keeps the bucket private: all public access blocked, TLS only, encrypted, no ACLs', () => {
    site$.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    site$.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('lets only this distribution read the bucket, through Origin Access Control', () => {
    site$.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    site$.hasResourceProperties('AWS::CloudFront::OriginAccessControl', { OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always' }) });
    expect(dist().Origins[0].OriginAccessControlId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/OriginAccessControl/), 'Id'] });
    expect(dist().Origins[0].S3OriginConfig.OriginAccessIdentity).toBe('');
    site$.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Allow', Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject', Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } } }),
        ]),
      },
    });
    expect(dist().DefaultCacheBehavior).toMatchObject({ ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD'] });
  });

  it('sends HSTS, a CSP that lets the app call the stage API, frame, content-type and referrer policies', () => {
    const policy = (Object.values(site$.findResources('AWS::CloudFront::ResponseHeadersPolicy'))[0] as any).Properties.ResponseHeadersPolicyConfig;
    expect(policy.SecurityHeadersConfig).toMatchObject({
      StrictTransportSecurity: { AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true, Override: true },
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
    });
    const csp = JSON.stringify(policy.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/connect-src 'self' https:\/\/\*\.execute-api\.",\{"Ref":"AWS::Region"\},"\.amazonaws\.com/);
    expect(dist().DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({ Ref: expect.stringMatching(/Headers/) });
  });

  it('rewrites console deep links to index.html in a viewer-request function, by the same rule as the local stack', () => {
    site$.hasResourceProperties('AWS::CloudFront::Function', { FunctionConfig: Match.objectLike({ Runtime: 'cloudfront-js-2.0' }) });
    expect(dist().DefaultCacheBehavior.FunctionAssociations).toEqual([{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [expect.stringMatching(/SpaFallback/), 'FunctionARN'] } }]);
    // The function's own code, run here: what CloudFront would do with each path.
    const handler = new Function(`${spaFallbackCode()}; return handler;`)() as (e: { request: { uri: string } }) => any;
    const uri = (u: string) => handler({ request: { uri: u } });
    expect(uri('/console/orgs/org_1/invoices').uri).toBe('/console/index.html');
    expect(uri('/console/').uri).toBe('/console/index.html');
    expect(uri('/console/assets/index-abc.js').uri).toBe('/console/assets/index-abc.js');
    expect(uri('/console/config.json').uri).toBe('/console/config.json');
    expect(uri('/')).toMatchObject({ statusCode: 308, headers: { location: { value: '/console/' } } });
    expect(SPA_ROUTE.test('/console/signin')).toBe(true);
  });

  it('outputs the console URL', () => {
    site$.hasOutput('ConsoleUrl', { Value: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [Match.anyValue(), 'DomainName'] }, '/console/']] } });
  });

  it('lets the API answer the console origin: CORS preflight and the functions allowed origins name the distribution', () => {
    const api = (Object.values(stacks.stateless$.findResources('AWS::ApiGatewayV2::Api'))[0] as any).Properties;
    expect(api.CorsConfiguration.AllowOrigins[0]).toBe('https://console.argus.example');
    expect(JSON.stringify(api.CorsConfiguration.AllowOrigins[1])).toMatch(/Fn::ImportValue.*Argus-prod-Console.*DomainName/);
    const fn = Object.values(stacks.stateless$.findResources('AWS::Lambda::Function'))[0] as any;
    expect(JSON.stringify(fn.Properties.Environment.Variables.ALLOWED_ORIGINS)).toMatch(/https:\/\/console\.argus\.example,https:\/\/.*Fn::ImportValue.*DomainName/);
  });

  it('deploys hashed assets (immutable, kept) and the pages with a generated config.json (revalidated, invalidated)', () => {
    const deployments = Object.values(content$.findResources('Custom::CDKBucketDeployment')).map((r: any) => r.Properties);
    const assets = deployments.find((d) => d.DestinationBucketKeyPrefix === 'console/assets/');
    const pages = deployments.find((d) => d.DestinationBucketKeyPrefix === 'console/');
    expect(assets).toMatchObject({ Prune: false, SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' } });
    expect(pages).toMatchObject({ Prune: false, SystemMetadata: { 'cache-control': 'no-cache' }, DistributionPaths: ['/console/*'] });
    expect(pages.SourceObjectKeys).toHaveLength(2);
    const markers = JSON.stringify(pages.SourceMarkers);
    expect(markers).toMatch(/Argus-prod-Stateless.*HttpApi/); // apiUrl: the stage's API
    expect(markers).toMatch(/Argus-prod-Stateful:.*ApiClient/); // userPoolClientId: the stage's app client
  });
});
