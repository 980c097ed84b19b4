import type { UpcomingInvoice } from '../../../../shared/client/argus-client';
import { api } from '../../api';

/**
 * The org's upcoming invoice, or null when it has no paid subscription (the API answers 404 then: asking first keeps
 * that expected refusal out of the browser's console).
 */
export async function upcomingInvoiceOf(orgId: string): Promise<UpcomingInvoice | null> {
  const subscription = await api().client.subscription(orgId);
  if (subscription.currentPeriodEnd === null || subscription.status === 'canceled') return null;
  return api().client.upcomingInvoice(orgId);
}
