import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';

/**
 * DynamoDB capacity consumed by this container, by kind. Every table call asks for `ReturnConsumedCapacity: TOTAL`
 * (free on AWS), so the local stack can report real read/write units per event and per request, and cost follows
 * from what was actually consumed rather than from an estimate.
 */
export const capacityMeter = { requests: 0, readUnits: 0, writeUnits: 0, transactionalWriteUnits: 0 };

export function resetCapacityMeter(): void {
  Object.assign(capacityMeter, { requests: 0, readUnits: 0, writeUnits: 0, transactionalWriteUnits: 0 });
}

/**
 * Adds what one call consumed, as the service reports it. On-demand tables report only `CapacityUnits`: writes are told
 * apart by the command. Units of TransactWriteItems are also kept apart, because AWS bills them double while DynamoDB
 * Local reports them single: a cost model built on local numbers must apply that rule itself.
 */
export function recordCapacity(consumed: ConsumedCapacity | ConsumedCapacity[] | undefined, kind: 'read' | 'write' | 'transactional-write'): void {
  const isWrite = kind !== 'read';
  capacityMeter.requests++;
  for (const entry of [consumed ?? []].flat()) {
    const read = entry.ReadCapacityUnits ?? (isWrite ? 0 : entry.CapacityUnits ?? 0);
    const write = entry.WriteCapacityUnits ?? (isWrite ? entry.CapacityUnits ?? 0 : 0);
    capacityMeter.readUnits += read;
    capacityMeter.writeUnits += write;
    if (kind === 'transactional-write') capacityMeter.transactionalWriteUnits += write;
  }
}
