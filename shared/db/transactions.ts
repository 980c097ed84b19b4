import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';

/**
 * The per-item reason codes of a cancelled transaction (`ConditionalCheckFailed`, `None`, ...), in the order of its
 * items, or undefined when the error is not a cancellation.
 */
export function cancellationCodes(error: unknown): (string | undefined)[] | undefined {
  if (!(error instanceof TransactionCanceledException) && (error as Error)?.name !== 'TransactionCanceledException') return undefined;
  return ((error as TransactionCanceledException).CancellationReasons ?? []).map((r) => r.Code);
}
