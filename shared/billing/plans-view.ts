import { catalog, type Plan } from '../plans/catalog';

/**
 * The public catalog (CONTRACT §3 `GET /v1/plans`). `overageUnitAmount` is in minor units per `overageUnitSize` base units
 * (llm_tokens: cents per 1,000 tokens); `overageUnitSize` is an addition to the contract's fields so the amount can be read.
 */
export function publicPlan(plan: Plan) {
  return {
    id: plan.id,
    name: plan.name,
    prices: plan.prices.map((p) => ({ interval: p.interval, amount: p.amount, currency: p.currency })),
    trialDays: plan.trialDays,
    features: [...plan.features],
    rateLimit: { requestsPerMinute: plan.rateLimit.requestsPerMinute },
    seats: plan.seats,
    seatPrice: plan.seatPrice ? { amount: plan.seatPrice.amount, currency: plan.seatPrice.currency } : null,
    metrics: Object.fromEntries(
      Object.entries(plan.metrics).map(([metric, m]) => [
        metric,
        { included: m.included, capType: m.capType, overageUnitAmount: m.overageUnitAmount, overageUnitSize: m.overageUnitSize, unit: m.unit, aggregation: m.aggregation },
      ]),
    ),
  };
}

export function listPlans() {
  return {
    plans: catalog.plans.map(publicPlan),
    creditPacks: catalog.creditPacks.map((p) => ({ id: p.id, metric: p.metric, quantity: p.quantity, price: { amount: p.price.amount, currency: p.price.currency }, validDays: p.validDays })),
  };
}
