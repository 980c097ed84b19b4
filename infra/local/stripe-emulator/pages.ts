import type { Core } from './core';
import { formatMoney } from './billing/amounts';
import type { Obj } from './store';

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function layout(title: string, body: string): string {
  // No favicon to fetch: a browser test on these pages sees no 404 of its own making.
  return `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${esc(title)}</title></head>` +
    `<body style="font-family:sans-serif;max-width:40em;margin:2em auto"><p><small>Stripe emulator (test mode)</small></p>${body}</body></html>`;
}

function checkoutPage(core: Core, s: Obj): string {
  const rows = (s._line_items as Obj[]).map((li) => {
    const price = core.store.get('prices', li.price);
    const name = price ? (core.store.get('products', price.product)?.name ?? price.product) : li.price;
    const amount = price?.unit_amount_decimal ? formatMoney(Number(price.unit_amount_decimal), price.currency) : '';
    return `<li>${esc(name)} ${li.quantity ? `× ${li.quantity}` : '(metered)'} ${esc(amount)}</li>`;
  }).join('');
  const pay = s.status === 'open'
    ? `<form method="post" action="/_emulator/checkout/${esc(s.id)}/complete">` +
      (s.allow_promotion_codes ? `<p><label>Promotion code <input name="promotion_code"></label></p>` : '') +
      `<button type="submit">Pay</button></form>` +
      (s.cancel_url ? `<p><a href="${esc(s.cancel_url)}">Cancel</a></p>` : '')
    : `<p>This session is ${esc(s.status)}.</p>`;
  return layout('Checkout', `<h1>Checkout</h1><ul>${rows}</ul>${pay}`);
}

function portalPage(core: Core, p: Obj): string {
  const subs = core.store.list('subscriptions', (s) => s.customer === p.customer)
    .map((s) => `<li>${esc(s.id)}: ${esc(s.status)}${s.cancel_at_period_end ? ' (cancels at period end)' : ''}</li>`).join('');
  return layout('Billing portal', `<h1>Billing portal</h1><ul>${subs}</ul>` + (p.return_url ? `<a href="${esc(p.return_url)}">Return</a>` : ''));
}

function invoicePage(inv: Obj): string {
  const lines = (inv.lines.data as Obj[]).map((l) => `<li>${esc(l.description)}: ${esc(formatMoney(l.amount, l.currency))}</li>`).join('');
  return layout(`Invoice ${inv.number ?? inv.id}`, `<h1>Invoice ${esc(inv.number ?? inv.id)}</h1><p>Status: ${esc(inv.status)}</p>` +
    `<ul>${lines}</ul><p>Amount due: ${esc(formatMoney(inv.amount_due, inv.currency))}</p>`);
}

/** Hosted pages: Checkout (`/checkout/{id}`), billing portal (`/portal/{id}`), invoices (`/invoices/{id}`). */
export function renderPage(core: Core, pathname: string): string | undefined {
  const [, kind, id] = pathname.split('/');
  if (!id) return undefined;
  if (kind === 'checkout') {
    const s = core.store.get('checkoutSessions', id);
    return s && checkoutPage(core, s);
  }
  if (kind === 'portal') {
    const p = core.store.get('portalSessions', id);
    return p && portalPage(core, p);
  }
  if (kind === 'invoices') {
    const inv = core.store.get('invoices', id);
    return inv && invoicePage(inv);
  }
  return undefined;
}
