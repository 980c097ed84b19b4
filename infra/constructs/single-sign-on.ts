import { SecretValue } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { SsoConfig, SsoProvider } from '../config/stages';

export interface SingleSignOnProps {
  userPool: cognito.UserPool;
  config: SsoConfig;
  /** Names the secrets of OIDC client secrets: `argus/<stage>/sso/<provider name>`. */
  stage: string;
}

/**
 * Where each vendor's SAML assertion carries the email and the display name. OIDC providers use the standard
 * `email`/`name` claims. Okta and Google Workspace send the attribute names their admin consoles are told to (the
 * README names them); Azure AD (Entra ID) sends its fixed claim URIs.
 */
const SAML_ATTRIBUTES: Record<SsoProvider['vendor'], { email: string; name: string }> = {
  okta: { email: 'email', name: 'name' },
  'google-workspace': { email: 'email', name: 'name' },
  'azure-ad': {
    email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
    name: 'http://schemas.microsoft.com/identity/claims/displayname',
  },
};

/**
 * Single sign-on for the console: the user pool's managed-login domain and one identity provider per stage-config
 * entry (Okta, Azure AD, Google Workspace; OIDC or SAML). The console sends a person to
 * `<domain>/oauth2/authorize?identity_provider=<name>&response_type=code&client_id=…&redirect_uri=<callback>` with a
 * PKCE challenge and exchanges the code at `<domain>/oauth2/token`: the access token it gets is an ordinary user-pool
 * access token (it carries `aws.cognito.signin.user.admin`), so every API route accepts it unchanged.
 */
export class SingleSignOn extends Construct {
  readonly domain: cognito.UserPoolDomain;
  readonly providers: cognito.IUserPoolIdentityProvider[] = [];

  constructor(scope: Construct, id: string, private readonly props: SingleSignOnProps) {
    super(scope, id);
    const { userPool, config } = props;
    this.domain = userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: config.domainPrefix },
      managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    for (const provider of config.providers) this.providers.push(this.provider(provider, props.stage));
  }

  private provider(provider: SsoProvider, stage: string): cognito.IUserPoolIdentityProvider {
    const common = { userPool: this.props.userPool, name: provider.name, identifiers: provider.emailDomains };
    if (provider.protocol === 'oidc') {
      return new cognito.UserPoolIdentityProviderOidc(this, provider.name, {
        ...common,
        issuerUrl: provider.issuerUrl,
        clientId: provider.clientId,
        // A dynamic reference: CloudFormation resolves it at deploy, so the secret is in neither the template nor git.
        clientSecret: SecretValue.secretsManager(`argus/${stage}/sso/${provider.name}`).unsafeUnwrap(),
        scopes: ['openid', 'email', 'profile'],
        attributeRequestMethod: cognito.OidcAttributeRequestMethod.GET,
        attributeMapping: { email: cognito.ProviderAttribute.other('email'), fullname: cognito.ProviderAttribute.other('name') },
      });
    }
    const attributes = SAML_ATTRIBUTES[provider.vendor];
    return new cognito.UserPoolIdentityProviderSaml(this, provider.name, {
      ...common,
      metadata: cognito.UserPoolIdentityProviderSamlMetadata.url(provider.metadataUrl),
      idpSignout: true,
      attributeMapping: { email: cognito.ProviderAttribute.other(attributes.email), fullname: cognito.ProviderAttribute.other(attributes.name) },
    });
  }

  /** The app client's OAuth settings: authorization code with PKCE only, callbacks on the stage's allowed origins. */
  clientOAuth(): Pick<cognito.UserPoolClientOptions, 'oAuth' | 'supportedIdentityProviders'> {
    return {
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        // COGNITO_ADMIN puts aws.cognito.signin.user.admin into the access token, which the API's JWT authorizer requires.
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE, cognito.OAuthScope.COGNITO_ADMIN],
        callbackUrls: this.props.config.callbackUrls,
        logoutUrls: this.props.config.logoutUrls,
      },
      supportedIdentityProviders: [
        cognito.UserPoolClientIdentityProvider.COGNITO,
        ...this.providers.map((p) => cognito.UserPoolClientIdentityProvider.custom(p.providerName)),
      ],
    };
  }

  /** Managed login shows nothing for a client without a branding style; Cognito's default style is enough. */
  brand(client: cognito.UserPoolClient): void {
    // The client must know its providers before the branding (and the login pages) use them.
    for (const p of this.providers) client.node.addDependency(p);
    new cognito.CfnManagedLoginBranding(this, 'Branding', {
      userPoolId: this.props.userPool.userPoolId,
      clientId: client.userPoolClientId,
      useCognitoProvidedValues: true,
    });
  }
}
