/**
 * The single table's shape. CDK (infra/stacks) and the local stack (infra/local) both create it from these names;
 * entity modules in shared/db build their keys on them.
 */
export const TABLE_KEYS = {
  partitionKey: 'PK',
  sortKey: 'SK',
  /** GSI1: inverted / lookup access patterns (a user's orgs, an org's keys, email -> user). */
  gsi1: { name: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
  /** Epoch seconds; DynamoDB TTL deletes the item some time after. Reads must ignore expired items themselves. */
  ttlAttribute: 'expiresAt',
} as const;
