import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { SsoConfig } from '../config/stages';
import { SingleSignOn } from './single-sign-on';

export interface UserPoolProps {
  stage: string;
  retainData: boolean;
  /** Cognito's mail (codes, resets) goes through SES from this address; unset: Cognito's default sender (local only). */
  mailFrom?: string;
  /** Managed login with OIDC/SAML providers and the app client's OAuth settings. */
  sso?: SsoConfig;
}

/**
 * The Cognito user pool members sign in to, and the one app client the API uses.
 * Sign-up confirmation: deployed stages send a code by email; the local stage's auto-confirm is done by the
 * signup route (AdminConfirmSignUp when AUTO_CONFIRM_SIGNUP=true), not by a pool trigger.
 */
export class UserPool extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  /** `https://cognito-idp.<region>.amazonaws.com/<poolId>`: the `iss` claim of the pool's tokens. */
  readonly issuer: string;
  /** The managed-login domain, where the stage has SSO. */
  readonly domain?: cognito.UserPoolDomain;

  constructor(scope: Construct, id: string, props: UserPoolProps) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'Pool', {
      userPoolName: `argus-${props.stage}`,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      selfSignUpEnabled: true,
      autoVerify: { email: true },
      userVerification: { emailStyle: cognito.VerificationEmailStyle.CODE },
      keepOriginal: { email: true },
      standardAttributes: { email: { required: true, mutable: true }, fullname: { required: false, mutable: true } },
      passwordPolicy: {
        minLength: 8,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: false,
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      email: props.mailFrom
        ? cognito.UserPoolEmail.withSES({
            fromEmail: props.mailFrom,
            fromName: 'Argus',
            sesVerifiedDomain: props.mailFrom.split('@')[1],
            // The stack's own region (a token when the stack is environment-agnostic): the identity lives beside the pool.
            sesRegion: Stack.of(this).region,
          })
        : undefined,
      // Users may turn on TOTP (POST /v1/me/mfa/totp); SMS is not offered (cost, SIM swapping).
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { sms: false, otp: true },
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      deletionProtection: props.retainData,
      removalPolicy: props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    Validations.of(this.userPool).acknowledge(
      {
        id: 'AwsSolutions-COG1',
        reason:
          'Password policy is the public contract: at least 8 characters with upper, lower and digit. Symbols are not ' +
          'required (NIST SP 800-63B advises against composition rules); the local Cognito emulator enforces the same policy.',
      },
      {
        id: 'AwsSolutions-COG2',
        reason:
          'MFA is optional, not required: each user may turn on TOTP (CONTRACT section 3, /v1/me/mfa); POST /v1/auth/login ' +
          'returns tokens for email + password to users without it, and API clients use API keys.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason:
          'The Plus feature plan (threat protection) is billed per MAU; the Essentials plan is chosen for cost. Brute force ' +
          'is limited by Cognito\'s built-in lockout and the API stage throttling.',
      },
    );

    const sso = props.sso ? new SingleSignOn(this, 'Sso', { userPool: this.userPool, config: props.sso, stage: props.stage }) : undefined;
    this.domain = sso?.domain;

    this.client = this.userPool.addClient('ApiClient', {
      userPoolClientName: `argus-${props.stage}-api`,
      generateSecret: false,
      // REFRESH_TOKEN_AUTH is always enabled by Cognito for every client.
      authFlows: { userPassword: true, userSrp: true },
      // Without SSO the client is for the API's own sign-in routes only; with it, the console's managed-login flow too.
      ...(sso ? sso.clientOAuth() : { disableOAuth: true }),
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
    });

    if (sso) sso.brand(this.client);

    this.issuer = `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`;
  }
}
