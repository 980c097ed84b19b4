import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { stageConfig, validateStageConfig } from '../config/stages';
import { UserPool } from '../constructs/user-pool';
import { SAMPLE_TABLES, synthArgus } from './helpers';

const AZURE_EMAIL = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress';

describe('Cognito mail through SES (stage setting mailFrom)', () => {
  it('prod: the pool sends as its developer account from the stage address, on the SES domain identity', () => {
    const { stateful$: t } = synthArgus('prod', SAMPLE_TABLES);
    t.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'argus.example' });
    t.hasResourceProperties('AWS::Cognito::UserPool', {
      EmailConfiguration: {
        EmailSendingAccount: 'DEVELOPER',
        From: 'Argus <no-reply@argus.example>',
        SourceArn: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':identity/argus\\.example$')])] },
      },
    });
  });

  it('local: no SES identity, Cognito default sender (mail goes to the local outbox anyway)', () => {
    const { stateful$: t } = synthArgus('local', SAMPLE_TABLES);
    t.resourceCountIs('AWS::SES::EmailIdentity', 0);
    t.hasResourceProperties('AWS::Cognito::UserPool', { EmailConfiguration: Match.absent() });
  });
});

describe('SSO: managed login and the app client OAuth settings', () => {
  it('prod: managed-login domain with a branding style, authorization-code client with callbacks on the console origin', () => {
    const { stateful$: t } = synthArgus('prod', SAMPLE_TABLES);
    t.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'argus-console', ManagedLoginVersion: 2 });
    t.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', { UseCognitoProvidedValues: true, ClientId: Match.anyValue() });
    t.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: Match.arrayWith(['openid', 'email', 'aws.cognito.signin.user.admin']),
      CallbackURLs: ['https://console.argus.example/auth/callback'],
      LogoutURLs: ['https://console.argus.example/'],
      SupportedIdentityProviders: ['COGNITO'],
      GenerateSecret: false,
    });
    t.hasOutput('ManagedLoginUrl', {});
  });

  it('dev (no sso setting): no domain, and the client has no OAuth flows', () => {
    const { stateful$: t } = synthArgus('dev', SAMPLE_TABLES);
    t.resourceCountIs('AWS::Cognito::UserPoolDomain', 0);
    t.hasResourceProperties('AWS::Cognito::UserPoolClient', { AllowedOAuthFlows: Match.absent(), AllowedOAuthFlowsUserPoolClient: false });
  });

  describe('with Okta (OIDC), Azure AD (SAML) and Google Workspace (SAML) providers', () => {
    const app = new App();
    const stack = new Stack(app, 'Test');
    const base = stageConfig('prod');
    const config = validateStageConfig({
      ...base,
      sso: {
        ...base.sso!,
        providers: [
          { protocol: 'oidc', vendor: 'okta', name: 'Okta', issuerUrl: 'https://acme.okta.com', clientId: '0oa123', emailDomains: ['acme.com'] },
          { protocol: 'saml', vendor: 'azure-ad', name: 'AzureAD', metadataUrl: 'https://login.microsoftonline.com/tenant/federationmetadata/2007-06/federationmetadata.xml' },
          { protocol: 'saml', vendor: 'google-workspace', name: 'GoogleWorkspace', metadataUrl: 'https://idp.example.org/google/metadata.xml', emailDomains: ['globex.com'] },
        ],
      },
    });
    new UserPool(stack, 'Users', { stage: 'prod', retainData: false, mailFrom: config.mailFrom, sso: config.sso });
    const t = Template.fromStack(stack);

    it('creates the OIDC provider with its client secret as a deploy-time Secrets Manager reference', () => {
      t.hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', {
        ProviderName: 'Okta',
        ProviderType: 'OIDC',
        ProviderDetails: Match.objectLike({
          client_id: '0oa123',
          client_secret: '{{resolve:secretsmanager:argus/prod/sso/Okta:SecretString:::}}',
          oidc_issuer: 'https://acme.okta.com',
          authorize_scopes: 'openid email profile',
        }),
        AttributeMapping: { email: 'email', name: 'name' },
        IdpIdentifiers: ['acme.com'],
      });
    });

    it('creates the SAML providers with each vendor\'s email attribute', () => {
      t.hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', {
        ProviderName: 'AzureAD',
        ProviderType: 'SAML',
        ProviderDetails: Match.objectLike({ MetadataURL: Match.stringLikeRegexp('federationmetadata') }),
        AttributeMapping: Match.objectLike({ email: AZURE_EMAIL }),
      });
      t.hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', {
        ProviderName: 'GoogleWorkspace',
        ProviderType: 'SAML',
        AttributeMapping: Match.objectLike({ email: 'email' }),
        IdpIdentifiers: ['globex.com'],
      });
    });

    it('lets the app client sign in with Cognito and every provider', () => {
      const clients = t.findResources('AWS::Cognito::UserPoolClient');
      const [client] = Object.values(clients) as Array<{ Properties: Record<string, any> }>;
      expect(client.Properties.SupportedIdentityProviders).toEqual(['COGNITO', { Ref: expect.stringMatching(/Okta/) }, { Ref: expect.stringMatching(/AzureAD/) }, { Ref: expect.stringMatching(/GoogleWorkspace/) }]);
    });
  });

  it('refuses SSO callback or logout URLs outside the stage allowed origins', () => {
    const base = stageConfig('prod');
    expect(() => validateStageConfig({ ...base, sso: { ...base.sso!, callbackUrls: ['https://evil.example/auth/callback'] } })).toThrow(/not on the stage's allowedOrigins/);
    expect(() => validateStageConfig({ ...base, sso: { ...base.sso!, logoutUrls: ['http://console.argus.example/'] } })).toThrow(/allowedOrigins/);
  });

  it('refuses a deployed stage throttle below the largest tier', () => {
    const base = stageConfig('prod');
    expect(() => validateStageConfig({ ...base, apiThrottle: { rateLimit: 1000, burstLimit: 2000 } })).toThrow(/below the largest tier \(100000\/min\)/);
  });
});
