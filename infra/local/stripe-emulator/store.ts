import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';

/** A Stripe API object as stored and returned (plain JSON). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Obj = Record<string, any>;

export const COLLECTIONS = [
  'customers',
  'products',
  'prices',
  'meters',
  'checkoutSessions',
  'portalSessions',
  'subscriptions',
  'invoices',
  'invoiceItems',
  'events',
  'coupons',
  'promotionCodes',
  'discounts',
] as const;
export type Collection = (typeof COLLECTIONS)[number];

export interface AcceptedMeterEvent {
  identifier: string;
  event_name: string;
  customer: string;
  value: number;
  timestamp: number;
  created: number;
}

export interface State {
  version: 1;
  clockOffset: number;
  collections: Record<Collection, Record<string, Obj>>;
  meterEvents: AcceptedMeterEvent[];
  duplicateMeterEvents: number;
  failingCustomers: Record<string, boolean>;
  /** Per-subscription bookkeeping that is not part of Stripe's object. */
  subscriptionFlags: Record<string, { trialWillEndSent?: boolean }>;
  webhooks: { hold: boolean; held: string[]; outbox: string[] };
}

const PREFIX_TO_COLLECTION: Record<string, Collection> = {
  cus: 'customers',
  prod: 'products',
  price: 'prices',
  mtr: 'meters',
  cs: 'checkoutSessions',
  bps: 'portalSessions',
  sub: 'subscriptions',
  in: 'invoices',
  ii: 'invoiceItems',
  evt: 'events',
  promo: 'promotionCodes',
  di: 'discounts',
};

function emptyState(): State {
  const collections = {} as Record<Collection, Record<string, Obj>>;
  for (const c of COLLECTIONS) collections[c] = {};
  return {
    version: 1,
    clockOffset: 0,
    collections,
    meterEvents: [],
    duplicateMeterEvents: 0,
    failingCustomers: {},
    subscriptionFlags: {},
    webhooks: { hold: false, held: [], outbox: [] },
  };
}

/** In-memory state, optionally persisted as one JSON file (written atomically after each change). */
export class Store {
  readonly state: State;

  constructor(private readonly stateFile?: string) {
    this.state = stateFile && existsSync(stateFile) ? Store.load(stateFile) : emptyState();
  }

  private static load(file: string): State {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<State>;
    const base = emptyState();
    return {
      ...base,
      ...parsed,
      collections: { ...base.collections, ...(parsed.collections ?? {}) },
      webhooks: { ...base.webhooks, ...(parsed.webhooks ?? {}) },
    };
  }

  private pendingSave: NodeJS.Timeout | undefined;

  /**
   * Writes the state file soon, one write for a burst of changes: the whole state is written each time, so writing on
   * every request made a large state (thousands of customers and meter events) cost quadratic time. `flush` writes at
   * once (on close); a hard kill can lose the last ~50 ms of changes.
   */
  save(): void {
    if (!this.stateFile || this.pendingSave) return;
    this.pendingSave = setTimeout(() => this.flush(), 50);
    this.pendingSave.unref();
  }

  flush(): void {
    clearTimeout(this.pendingSave);
    this.pendingSave = undefined;
    if (!this.stateFile) return;
    mkdirSync(dirname(this.stateFile), { recursive: true });
    const tmp = `${this.stateFile}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.state));
    renameSync(tmp, this.stateFile);
  }

  all(c: Collection): Record<string, Obj> {
    return this.state.collections[c];
  }

  get(c: Collection, id: string): Obj | undefined {
    const map = this.state.collections[c];
    return Object.prototype.hasOwnProperty.call(map, id) ? map[id] : undefined;
  }

  put(c: Collection, obj: Obj): Obj {
    this.state.collections[c][obj.id as string] = obj;
    return obj;
  }

  /** Newest first, like Stripe's list endpoints. */
  list(c: Collection, filter: (o: Obj) => boolean = () => true): Obj[] {
    return Object.values(this.state.collections[c]).filter(filter).reverse();
  }

  /** Resolves any id to its object (used by `expand`). */
  findById(id: string): Obj | undefined {
    const prefix = id.split('_')[0];
    const c = PREFIX_TO_COLLECTION[prefix];
    if (c) return this.get(c, id);
    return this.get('products', id) ?? this.get('prices', id) ?? this.get('coupons', id);
  }
}
