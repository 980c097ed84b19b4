import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import { readConfig } from '../config';

/** The user pool the API signs people into. The endpoint comes from the SDK's settings (AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER locally). */
export const cognitoConfig = readConfig({
  USER_POOL_ID: z.string().min(1),
  USER_POOL_CLIENT_ID: z.string().min(1),
  /** Local stage only (stage config refuses it elsewhere): sign-up confirms the user without an emailed code. */
  AUTO_CONFIRM_SIGNUP: z.enum(['true', 'false']).transform((v) => v === 'true'),
});

export const cognito = new CognitoIdentityProviderClient({});
