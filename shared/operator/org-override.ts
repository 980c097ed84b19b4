import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { auditPut, type AuditActor } from '../audit/audit-log';
import { ddb, tableName } from '../db/client';
import { getOrg, orgKeys } from '../db/orgs';
import { cancellationCodes } from '../db/transactions';
import { NotFoundError, ValidationError } from '../errors';
import { isEmptyOverride, overrideProblems, planOverrideSchema, type PlanOverride } from '../plans/plan-override';

/**
 * Changes one org's plan override (`change` gets the current one and returns the next; null removes it), with its
 * `org.override_changed` audit entry in the same transaction. Conditioned on the revision read, so two operators
 * editing at once cannot lose each other's change.
 */
export async function changeOrgOverride(
  orgId: string,
  change: (before: PlanOverride | null) => PlanOverride | null,
  actor: AuditActor,
  reason?: string,
): Promise<{ before: PlanOverride | null; after: PlanOverride | null }> {
  const org = await getOrg(orgId);
  if (!org) throw new NotFoundError(`No org ${orgId}`);
  const next = change(org.planOverride ?? null);
  const after = next && !isEmptyOverride(next) ? planOverrideSchema.parse(next) : null;
  const problems = after ? overrideProblems(after) : [];
  if (problems.length) throw new ValidationError(problems.map((message) => ({ path: 'override', message })), 'The override names what the catalog does not have');
  const before = org.planOverride ?? null;
  const revision = org.overrideRevision ?? 0;
  try {
    await ddb.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName,
              Key: { PK: orgKeys.pk(orgId), SK: orgKeys.sk() },
              UpdateExpression: `SET overrideRevision = :next${after ? ', planOverride = :after' : ' REMOVE planOverride'}`,
              ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(overrideRevision) OR overrideRevision = :revision)',
              ExpressionAttributeValues: { ':next': revision + 1, ':revision': revision, ...(after ? { ':after': after } : {}) },
            },
          },
          auditPut({ orgId, action: 'org.override_changed', actor, target: `org:${orgId}`, details: { before, after, ...(reason ? { reason } : {}) } }),
        ],
      }),
    );
  } catch (error) {
    if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') throw new Error('The org changed while the override was written; run the command again');
    throw error;
  }
  return { before, after };
}
