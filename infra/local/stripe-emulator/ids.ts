import { randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function randomBase62(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += BASE62[b % 62];
  return out;
}

/** Ids shaped like Stripe's: `cus_` + 24 base62 characters (checkout sessions are longer, like Stripe's). */
export function newId(prefix: string): string {
  const length = prefix === 'cs_test' ? 58 : 24;
  return `${prefix}_${randomBase62(length)}`;
}

export function invoicePrefix(): string {
  const chars = '0123456789ABCDEF';
  const bytes = randomBytes(8);
  let out = '';
  for (const b of bytes) out += chars[b % 16];
  return out;
}
