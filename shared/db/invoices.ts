import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { ddb, queryAll, tableName } from './client';
import { orgKeys } from './orgs';

/** An org's Stripe invoice, mirrored from webhooks so invoice reads never call Stripe. */
export interface InvoiceRecord {
  orgId: string;
  invoiceId: string;
  subscriptionId: string | null;
  number: string | null;
  status: 'draft' | 'open' | 'paid' | 'uncollectible' | 'void';
  currency: string;
  amountDue: number;
  amountPaid: number;
  attemptCount: number;
  /** Epoch seconds. */
  periodStart: number;
  periodEnd: number;
  created: number;
  hostedInvoiceUrl: string | null;
  invoicePdfUrl?: string | null;
  /** The invoice's lines as its latest applied event carried them (absent on records mirrored before lines were kept). */
  lines?: InvoiceLineRecord[];
  /** Stripe `created` of the event the state came from. */
  sourceTime: number;
}

export interface InvoiceLineRecord {
  description: string;
  quantity: number | null;
  /** Minor units of `currency`. */
  amount: number;
  currency: string;
  /** Epoch seconds. */
  periodStart: number;
  periodEnd: number;
}

export const invoiceKeys = {
  pk: (orgId: string) => orgKeys.pk(orgId),
  sk: (invoiceId: string) => `INVOICE#${invoiceId}`,
  skPrefix: () => 'INVOICE#',
};

/** How far along its life an invoice is: states only move up (paid and void are final). */
export const INVOICE_STATUS_RANK: Record<InvoiceRecord['status'], number> = { draft: 0, open: 1, uncollectible: 2, paid: 3, void: 3 };

/**
 * Stores the invoice unless the stored state is further along: ordered by (status rank, event time, attempt count),
 * so duplicates and any delivery order leave the most advanced state. One conditional put, no read.
 */
export async function putInvoiceIfNewer(record: InvoiceRecord): Promise<boolean> {
  try {
    await ddb.send(
      new PutCommand({
        TableName: tableName,
        Item: { PK: invoiceKeys.pk(record.orgId), SK: invoiceKeys.sk(record.invoiceId), type: 'invoice', ...record, rank: INVOICE_STATUS_RANK[record.status] },
        ConditionExpression:
          'attribute_not_exists(PK) OR #rank < :rank OR (#rank = :rank AND sourceTime < :t) OR (#rank = :rank AND sourceTime = :t AND attemptCount <= :a)',
        ExpressionAttributeNames: { '#rank': 'rank' },
        ExpressionAttributeValues: { ':rank': INVOICE_STATUS_RANK[record.status], ':t': record.sourceTime, ':a': record.attemptCount },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException || (error as Error)?.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

function fromItem(item: Record<string, unknown>): InvoiceRecord {
  const { PK: _pk, SK: _sk, type: _type, rank: _rank, ...record } = item;
  return record as unknown as InvoiceRecord;
}

export async function getInvoiceRecord(orgId: string, invoiceId: string): Promise<InvoiceRecord | undefined> {
  const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: { PK: invoiceKeys.pk(orgId), SK: invoiceKeys.sk(invoiceId) } }));
  return Item ? fromItem(Item) : undefined;
}

/** All of an org's invoices, newest first: by `created`, then by invoice id in code-unit order (what page cursors compare). */
export async function listInvoiceRecords(orgId: string): Promise<InvoiceRecord[]> {
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': invoiceKeys.pk(orgId), ':prefix': invoiceKeys.skPrefix() },
  });
  return items.map(fromItem).sort((a, b) => b.created - a.created || (a.invoiceId < b.invoiceId ? 1 : a.invoiceId > b.invoiceId ? -1 : 0));
}
