import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../../db/client';
import { orgToItem, type Org } from '../../db/orgs';

/** An org written straight into the table (queue-level tests need no user). */
export async function createOrg(overrides: Partial<Org> = {}): Promise<Org> {
  const id = overrides.id ?? `org_t${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const org: Org = { id, name: id, slug: id, planId: 'explorer', createdAt: new Date().toISOString(), ...overrides };
  await ddb.send(new PutCommand({ TableName: tableName, Item: orgToItem(org) }));
  return org;
}

/** Fisher–Yates with a seedable random source. */
export function shuffle<T>(items: T[], random: () => number = Math.random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
