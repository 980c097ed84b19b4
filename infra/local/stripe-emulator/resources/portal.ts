import { newId } from '../ids';
import type { Router } from '../router';
import { getCustomer } from './customers';

export function registerPortal(router: Router): void {
  router.add('POST', '/v1/billing_portal/sessions', ({ core, params }) => {
    params.allowOnly(['customer', 'return_url', 'configuration', 'flow_data', 'locale', 'on_behalf_of', 'expand']);
    const customer = getCustomer(core, params.reqStr('customer'), 'customer');
    const id = newId('bps');
    const session = {
      id,
      object: 'billing_portal.session',
      configuration: params.str('configuration') ?? 'bpc_emulator_default',
      created: core.now(),
      customer: customer.id,
      customer_account: null,
      flow: null,
      livemode: false,
      locale: params.str('locale') ?? null,
      on_behalf_of: null,
      return_url: params.str('return_url') ?? null,
      url: `${core.baseUrl}/portal/${id}`,
    };
    core.store.put('portalSessions', session);
    return session;
  });
}
