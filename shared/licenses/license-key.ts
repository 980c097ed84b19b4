import { createHash, randomInt } from 'node:crypto';

/**
 * License keys: `ARGUS-<PLAN>-XXXXX-XXXXX-XXXXX-CCCC`. The three groups are 15 random symbols of Crockford's base32
 * (no I, L, O, U: nothing to misread), 75 bits from the CSPRNG; online guessing is further bounded by the validate
 * route's rate limits. `CCCC` is a checksum over everything before it (in the same alphabet), so a mistyped key is answered
 * `unknown` without a table read. Only the key's SHA-256 is stored; the plan segment is informational (the org's current plan
 * decides what a license grants).
 * The checksum's first symbol is a Luhn mod 32 check over the random groups, so every single-symbol typo there is
 * caught for certain; the other three are SHA-256 bits over the whole key (plan included).
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const GROUPS = 3;
const GROUP_LENGTH = 5;
const CHECKSUM_LENGTH = 4;
const KEY_PATTERN = new RegExp(`^ARGUS-([A-Z]{1,20})((?:-[${ALPHABET}]{${GROUP_LENGTH}}){${GROUPS}})-([${ALPHABET}]{${CHECKSUM_LENGTH}})$`);

export function generateLicenseKey(planId: string): string {
  const groups = Array.from({ length: GROUPS }, () => Array.from({ length: GROUP_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''));
  const body = `ARGUS-${planId.toUpperCase()}-${groups.join('-')}`;
  return `${body}-${checksum(body)}`;
}

export function checksum(body: string): string {
  const groups = body.split('-').slice(2).join('');
  const digest = createHash('sha256').update(body).digest();
  let bits = digest.readUInt16BE(0) >>> 1; // 15 bits
  let hashPart = '';
  for (let i = 0; i < CHECKSUM_LENGTH - 1; i++) {
    hashPart = ALPHABET[bits & 31] + hashPart;
    bits >>>= 5;
  }
  return luhnMod32(groups) + hashPart;
}

/** Luhn mod N check symbol (N = 32): detects every single substitution and most adjacent swaps. */
export function luhnMod32(symbols: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = symbols.length - 1; i >= 0; i--) {
    const value = ALPHABET.indexOf(symbols[i]!);
    const addend = factor * value;
    sum += Math.floor(addend / 32) + (addend % 32);
    factor = factor === 2 ? 1 : 2;
  }
  return ALPHABET[(32 - (sum % 32)) % 32]!;
}

/** The key in canonical form if it is well formed and its checksum matches; undefined otherwise. Case and surrounding blanks are forgiven. */
export function parseLicenseKey(input: string): string | undefined {
  const key = input.trim().toUpperCase();
  const match = KEY_PATTERN.exec(key);
  if (!match) return undefined;
  return checksum(key.slice(0, key.length - CHECKSUM_LENGTH - 1)) === match[3] ? key : undefined;
}

/** What is stored and looked up: the canonical key's SHA-256 (hex). A leaked table does not leak usable keys. */
export function licenseKeyHash(canonicalKey: string): string {
  return createHash('sha256').update(canonicalKey).digest('hex');
}

/** The last group and checksum, safe to show in listings so a user can tell keys apart. */
export function licenseKeyHint(canonicalKey: string): string {
  return canonicalKey.slice(-(GROUP_LENGTH + CHECKSUM_LENGTH + 1));
}
