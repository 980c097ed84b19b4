import { UpgradeRequiredError } from '../errors';

/** `storage_gb` is counted in decimal gigabytes (10^9 bytes), as S3 and the plans' "GB" are. */
export const BYTES_PER_GB = 1_000_000_000;

/** A byte total as a `storage_gb` level: kilobyte resolution (6 decimals of a GB), rounded up so no stored byte is free. */
export function bytesToGb(bytes: number): number {
  return Math.ceil(bytes / 1_000) / 1_000_000;
}

/** 402 when `more` bytes on top of `stored` would pass the cap. */
export function assertFits(stored: number, more: number, cap: number | null): void {
  if (cap === null || stored + more <= cap) return;
  throw new UpgradeRequiredError(
    `This upload would store ${stored + more} bytes; the org's plan holds at most ${cap} (${cap / BYTES_PER_GB} GB of storage_gb). Delete objects or upgrade.`,
  );
}

