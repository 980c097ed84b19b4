import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { auditPut } from '../audit/audit-log';
import { ddb, tableName } from './client';
import { orgCounterDecrement, orgCounterIncrement, orgKeys } from './orgs';
import { queryPage } from './query-page';
import { cancellationCodes } from './transactions';

/**
 * A license issued to an org. Stored in the org's partition (its list) with a lookup item by key hash; activated
 * machines are items in the license's own partition, and `devices` on the license item counts them.
 */
export interface License {
  id: string;
  orgId: string;
  /** The org's plan when the license was issued (the key's plan segment). */
  planId: string;
  keyHash: string;
  /** Last group + checksum of the key, for listings. */
  keyHint: string;
  maxDevices: number | null;
  expiresAt: string | null;
  status: 'active' | 'revoked';
  devices: number;
  createdAt: string;
  revokedAt?: string;
}

export const licenseKeys = {
  license: (orgId: string, licenseId: string) => ({ PK: orgKeys.pk(orgId), SK: `LICENSE#${licenseId}` }),
  licensePrefix: () => 'LICENSE#',
  byKeyHash: (keyHash: string) => ({ PK: `LICENSEKEY#${keyHash}`, SK: 'LICENSEKEY' }),
  machine: (licenseId: string, machineId: string) => ({ PK: `LICENSEMACHINE#${licenseId}`, SK: `MACHINE#${machineId}` }),
};

/**
 * The license's `expiresAt` is stored as `validUntil`: `expiresAt` is the table's TTL attribute (epoch seconds) and
 * an expired license must stay readable (to answer `expired`, and in the org's list).
 */
export function licenseToItem(license: License): Record<string, unknown> {
  const { expiresAt, ...rest } = license;
  return { ...licenseKeys.license(license.orgId, license.id), type: 'license', ...rest, validUntil: expiresAt };
}

export function licenseFromItem(item: Record<string, unknown>): License {
  const { PK: _pk, SK: _sk, type: _type, validUntil, ...rest } = item;
  return { ...(rest as unknown as License), maxDevices: (item.maxDevices as number | null) ?? null, expiresAt: (validUntil as string | null) ?? null, devices: Number(item.devices ?? 0) };
}

/**
 * Creates the license, its key-hash lookup item (must be new: a key is never reused) and counts it in the org's
 * `activeLicenses`, in one transaction, only while the org has fewer than `maxActive`.
 */
export async function putLicense(license: License, maxActive: number, audit?: ReturnType<typeof auditPut>): Promise<'created' | 'limit'> {
  try {
    await ddb.send(
      new TransactWriteCommand({
        TransactItems: [
          orgCounterIncrement(license.orgId, 'activeLicenses', maxActive),
          { Put: { TableName: tableName, Item: licenseToItem(license), ConditionExpression: 'attribute_not_exists(PK)' } },
          {
            Put: {
              TableName: tableName,
              Item: { ...licenseKeys.byKeyHash(license.keyHash), type: 'license-key', orgId: license.orgId, licenseId: license.id },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          ...(audit ? [audit] : []),
        ],
      }),
    );
    return 'created';
  } catch (error) {
    if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') return 'limit';
    throw error;
  }
}

/** One page of the org's licenses (revoked ones included, as `status` says), in id order, read strongly consistent. */
export async function listLicensesPage(orgId: string, limit: number, after?: string): Promise<{ licenses: License[]; after: string | null }> {
  const page = await queryPage({ partition: orgKeys.pk(orgId), prefix: licenseKeys.licensePrefix(), after, limit, consistent: true });
  return { licenses: page.items.map(licenseFromItem), after: page.after };
}

/** The license a key hash names, read strongly consistent (a revocation applies to the next validation). */
export async function findLicenseByKeyHash(keyHash: string): Promise<License | undefined> {
  const { Item: pointer } = await ddb.send(new GetCommand({ TableName: tableName, Key: licenseKeys.byKeyHash(keyHash), ConsistentRead: true }));
  if (!pointer) return undefined;
  const { Item } = await ddb.send(
    new GetCommand({ TableName: tableName, Key: licenseKeys.license(String(pointer.orgId), String(pointer.licenseId)), ConsistentRead: true }),
  );
  return Item ? licenseFromItem(Item) : undefined;
}

/**
 * Marks a license revoked and frees its place in `activeLicenses`, together; false when the org has no such license.
 * Revoking twice is harmless (and frees the place once).
 */
export async function revokeLicense(orgId: string, licenseId: string, at: Date, audit?: ReturnType<typeof auditPut>): Promise<boolean> {
  try {
    await ddb.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName,
              Key: licenseKeys.license(orgId, licenseId),
              UpdateExpression: 'SET #status = :revoked, revokedAt = :at',
              ConditionExpression: 'attribute_exists(PK) AND #status = :active',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':revoked': 'revoked', ':active': 'active', ':at': at.toISOString() },
            },
          },
          orgCounterDecrement(orgId, 'activeLicenses'),
          // Only the revocation that changes the license writes its entry (a repeat fails the condition above).
          ...(audit ? [audit] : []),
        ],
      }),
    );
    return true;
  } catch (error) {
    if (cancellationCodes(error)?.[0] !== 'ConditionalCheckFailed') throw error;
    // Already revoked is still a success; missing is not.
    const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: licenseKeys.license(orgId, licenseId), ConsistentRead: true }));
    return Item !== undefined;
  }
}

export async function isMachineActivated(licenseId: string, machineId: string): Promise<boolean> {
  const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: licenseKeys.machine(licenseId, machineId), ConsistentRead: true }));
  return Item !== undefined;
}

/** `activated`: this machine now holds a seat. `already`: it held one. `full`: every seat is taken. `revoked`: revoked meanwhile. */
export type ActivationOutcome = 'activated' | 'already' | 'full' | 'revoked';

const MAX_ATTEMPTS = 10;

/**
 * Gives a machine a device seat, atomically: the machine item is created only if absent and, in the same
 * transaction, the license's `devices` goes up by one only while below `maxDevices` (and the license is active), so
 * concurrent activations of different machines can never take more than maxDevices seats, and the same machine
 * activating twice takes one.
 */
export async function activateMachine(license: License, machineId: string, at: Date): Promise<ActivationOutcome> {
  const limited = license.maxDevices !== null;
  for (let attempt = 1; ; attempt++) {
    try {
      await ddb.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName,
                Item: { ...licenseKeys.machine(license.id, machineId), type: 'license-machine', licenseId: license.id, machineId, activatedAt: at.toISOString() },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              Update: {
                TableName: tableName,
                Key: licenseKeys.license(license.orgId, license.id),
                UpdateExpression: 'ADD devices :one',
                ConditionExpression: limited ? '#status = :active AND (attribute_not_exists(devices) OR devices < :max)' : '#status = :active',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':one': 1, ':active': 'active', ...(limited ? { ':max': license.maxDevices } : {}) },
              },
            },
          ],
        }),
      );
      return 'activated';
    } catch (error) {
      const codes = cancellationCodes(error);
      if (!codes) throw error;
      if (codes[0] === 'ConditionalCheckFailed') return 'already';
      if (codes[1] === 'ConditionalCheckFailed') return (await isRevoked(license)) ? 'revoked' : 'full';
      if (attempt >= MAX_ATTEMPTS) throw error;
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(250, 5 * 2 ** attempt)));
    }
  }
}

async function isRevoked(license: License): Promise<boolean> {
  const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: licenseKeys.license(license.orgId, license.id), ConsistentRead: true, ProjectionExpression: '#s', ExpressionAttributeNames: { '#s': 'status' } }));
  return Item?.status !== 'active';
}
