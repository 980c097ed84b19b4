import { z } from 'zod';
import { passwordRule } from '../auth/cognito-errors';

/** Emails are compared lower-cased everywhere (the pool signs in case-insensitively). */
export const emailSchema = z.string().trim().toLowerCase().pipe(z.email().max(254));

/** The user pool's policy (infra/constructs/user-pool.ts), checked here so a weak password is a clear 400 with details. */
export const passwordSchema = z
  .string()
  .min(8, passwordRule)
  .max(256)
  .regex(/[A-Z]/, passwordRule)
  .regex(/[a-z]/, passwordRule)
  .regex(/[0-9]/, passwordRule);

export const codeSchema = z.string().trim().min(1).max(64);

/** A code from an authenticator app (RFC 6238 as Cognito uses it: six digits). */
export const totpCodeSchema = z.string().trim().regex(/^\d{6}$/, 'Six digits from the authenticator app');
