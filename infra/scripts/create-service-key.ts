/**
 * Creates a platform service API key (all scopes, any org) in a deployed stage's table and prints it once:
 *   TABLE_NAME=<stateful stack's table> AWS_REGION=<region> npx tsx infra/scripts/create-service-key.ts "<name>"
 * Only the SHA-256 of the key is stored; keep the printed secret in a secrets manager. Revoke it by setting
 * `revokedAt` on its item (PK `APIKEY#<sha256>`), listed under GSI1PK `ORG#PLATFORM#APIKEYS`.
 */
import { createServiceKey } from '../../shared/identity/service-key';

async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name) throw new Error('usage: create-service-key.ts "<name>"');
  const key = await createServiceKey(name);
  process.stdout.write(`${JSON.stringify({ id: key.id, name: key.name, prefix: key.prefix, scopes: key.scopes, key: key.key }, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
