import { argusRequest } from './argus-client';

/**
 * The sign-in side of the API for apps and tests (CONTRACT §3 Auth): sign-up, confirmation, login with or without
 * TOTP, refresh, logout, password reset, and a user's own MFA settings. Fetch only, no dependencies.
 */
export interface AuthTokens {
  accessToken: string;
  idToken: string;
  refreshToken: string;
  expiresIn: number;
  tokenType: 'Bearer';
}
export type RefreshedTokens = Omit<AuthTokens, 'refreshToken'>;
/** Login with MFA on: send `session` and a code from the authenticator app to `completeMfa`. */
export interface MfaChallenge {
  challenge: 'totp';
  session: string;
}
export interface SignUpResult {
  userId: string;
  email: string;
  /** Null until the email is confirmed (stages that do not auto-confirm). */
  orgId: string | null;
  confirmed: boolean;
}

export class ArgusAuthClient {
  constructor(private readonly options: { baseUrl: string; fetch?: typeof fetch; timeoutMs?: number }) {}

  signUp(input: { email: string; password: string; name?: string; orgName?: string }): Promise<SignUpResult> {
    return this.call('POST', '/v1/auth/signup', input);
  }

  async confirm(email: string, code: string): Promise<void> {
    await this.call('POST', '/v1/auth/confirm', { email, code });
  }

  async resendCode(email: string): Promise<void> {
    await this.call('POST', '/v1/auth/resend-code', { email });
  }

  login(email: string, password: string): Promise<AuthTokens | MfaChallenge> {
    return this.call('POST', '/v1/auth/login', { email, password });
  }

  completeMfa(email: string, session: string, code: string): Promise<AuthTokens> {
    return this.call('POST', '/v1/auth/mfa', { email, session, code });
  }

  refresh(refreshToken: string): Promise<RefreshedTokens> {
    return this.call('POST', '/v1/auth/refresh', { refreshToken });
  }

  async logout(refreshToken: string): Promise<void> {
    await this.call('POST', '/v1/auth/logout', { refreshToken });
  }

  async forgotPassword(email: string): Promise<void> {
    await this.call('POST', '/v1/auth/forgot-password', { email });
  }

  async resetPassword(email: string, code: string, newPassword: string): Promise<void> {
    await this.call('POST', '/v1/auth/reset-password', { email, code, newPassword });
  }

  /** Starts TOTP enrolment for the signed-in user: show `otpauthUri` as a QR code. */
  startTotp(accessToken: string): Promise<{ secret: string; otpauthUri: string }> {
    return this.call('POST', '/v1/me/mfa/totp', undefined, accessToken);
  }

  verifyTotp(accessToken: string, code: string): Promise<{ enabled: true }> {
    return this.call('POST', '/v1/me/mfa/totp/verify', { code }, accessToken);
  }

  async disableMfa(accessToken: string, code: string): Promise<void> {
    await this.call('DELETE', '/v1/me/mfa', { code }, accessToken);
  }

  private call<T>(method: 'POST' | 'DELETE', path: string, body?: unknown, token?: string): Promise<T> {
    return argusRequest<T>({ ...this.options, token }, method, path, body);
  }
}
