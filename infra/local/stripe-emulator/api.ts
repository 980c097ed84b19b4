import { Router } from './router';
import { registerCheckout } from './resources/checkout';
import { registerCoupons } from './resources/coupons';
import { registerCustomers } from './resources/customers';
import { registerEvents } from './resources/events';
import { registerInvoiceItems } from './resources/invoice-items';
import { registerInvoices } from './resources/invoices';
import { registerMeters } from './resources/meters';
import { registerPortal } from './resources/portal';
import { registerPrices } from './resources/prices';
import { registerProducts } from './resources/products';
import { registerSubscriptions } from './resources/subscriptions';

/** Every Stripe /v1 route the emulator serves. */
export function createApiRouter(): Router {
  const router = new Router();
  registerCustomers(router);
  registerProducts(router);
  registerPrices(router);
  registerMeters(router);
  registerCoupons(router);
  registerCheckout(router);
  registerPortal(router);
  registerSubscriptions(router);
  registerInvoices(router);
  registerInvoiceItems(router);
  registerEvents(router);
  return router;
}
