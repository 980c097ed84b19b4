import path from 'node:path';
import { z } from 'zod';
import { catalogDir, loadCatalogSet, readCatalogDir, type CatalogFileText } from './catalog-load';
import type { Catalog, CreditPack, Feature, Metric, MetricAllowance, MetricDefinition, Plan } from './catalog-schema';

/**
 * The plan catalog (CONTRACT §4) as the code sees it. The data lives in the operator's files (catalog/v<n>.json, or
 * the directory ARGUS_CATALOG_DIR names); nothing else in the code lists metrics, features or plans. Lambdas get the
 * files inlined at synth (infra/constructs/bundling.ts defines __ARGUS_CATALOG_FILES__), the local stack, the CLI and
 * the tests read the directory. Validated when this module loads, so a bad edit fails synth, `npm start` and cold
 * start (and `argus catalog check` names each problem's line) before any request.
 */
declare const __ARGUS_CATALOG_FILES__: string | undefined;

function catalogFiles(): CatalogFileText[] {
  if (typeof __ARGUS_CATALOG_FILES__ !== 'undefined') return JSON.parse(__ARGUS_CATALOG_FILES__) as CatalogFileText[];
  const dir = catalogDir();
  return readCatalogDir(dir).map((f) => ({ ...f, name: path.join(dir, f.name) }));
}

const set = loadCatalogSet(catalogFiles());

/** The current (newest) version: what `GET /v1/plans` shows and what new subscriptions start on. */
export const catalog: Catalog = set.current;

/** Every metric id, in the file's order. */
export const metricIds: readonly Metric[] = catalog.metrics.map((m) => m.id);
/** Every feature id, in the file's order. */
export const featureIds: readonly Feature[] = catalog.features;

/** Request schemas take only the loaded catalog's metrics and features (and OpenAPI lists them as enums). */
export const metricSchema = z.enum(metricIds as [string, ...string[]]);
export const featureSchema = z.enum((featureIds.length ? featureIds : ['']) as [string, ...string[]]);

export function isMetric(value: string): value is Metric {
  return metricIds.includes(value);
}

export function metricDefinition(metric: Metric): MetricDefinition | undefined {
  return catalog.metrics.find((m) => m.id === metric);
}

/** Every catalog version kept in the files, oldest first. */
export function catalogVersions(): number[] {
  return [...set.versions.keys()].sort((a, b) => a - b);
}

export function catalogVersion(version: number): Catalog | undefined {
  return set.versions.get(version);
}

const byId = new Map(catalog.plans.map((plan) => [plan.id, plan]));

/**
 * A plan of the current catalog, or of `version` (a subscription keeps the version it started on: its prices,
 * seats and allowances). A metric the old version did not know yet takes the current version's allowance.
 */
export function findPlan(planId: string, version?: number): Plan | undefined {
  const current = byId.get(planId);
  if (version === undefined || version === catalog.version) return current;
  const old = set.versions.get(version)?.plans.find((p) => p.id === planId);
  if (!old) return current;
  return { ...old, metrics: Object.fromEntries(metricIds.map((m) => [m, old.metrics[m] ?? current?.metrics[m] ?? defaultPlan().metrics[m]!])) };
}

/** The free plan every org starts on and falls back to. */
export function defaultPlan(): Plan {
  return byId.get(catalog.defaultPlanId)!;
}

const packsById = new Map(catalog.creditPacks.map((pack) => [pack.id, pack]));

export function findCreditPack(packId: string): CreditPack | undefined {
  return packsById.get(packId);
}

/**
 * How many members the org may have on `plan`: its included seats, or no limit when extra seats are billed per seat
 * (a seat price). null = unlimited.
 */
export function seatLimit(plan: Plan): number | null {
  return plan.seatPrice ? null : plan.seats;
}

/** Seats billed beyond the plan's included ones for `members` members (0 without a seat price). */
export function extraSeats(plan: Plan, members: number): number {
  return plan.seatPrice && plan.seats !== null ? Math.max(0, members - plan.seats) : 0;
}

export function metricAllowance(plan: Plan, metric: Metric): MetricAllowance {
  return plan.metrics[metric]!;
}

export type { Catalog, CreditPack, Feature, Metric, MetricAllowance, Plan };
