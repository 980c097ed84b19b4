import type { Consumption } from './consumption';

/**
 * AWS list prices, us-east-1, on-demand, without free tiers, as published after the November 2024 DynamoDB on-demand
 * price cut; read on 2026-11-21 from secondary copies of the AWS pricing pages (this machine cannot reach aws.amazon.com).
 */
export const AWS_PRICES = {
  asOf: '2026-11-21',
  region: 'us-east-1',
  lambdaPerRequest: 0.2 / 1e6,
  lambdaArmPerGbSecond: 0.0000133334,
  /** Every Argus function is configured with 512 MB (infra/constructs/argus-function.ts). */
  lambdaMemoryGb: 0.5,
  httpApiPerRequest: 1.0 / 1e6,
  sqsStandardPerRequest: 0.4 / 1e6,
  dynamoPerWriteUnit: 0.625 / 1e6,
  dynamoPerReadUnit: 0.125 / 1e6,
} as const;

/** Lambda requests plus GB-seconds, taking the handler time measured locally as the billed duration. */
export function lambdaUsd(consumption: Consumption): number {
  return Object.values(consumption.invocations).reduce(
    (usd, fn) => usd + fn.count * AWS_PRICES.lambdaPerRequest + (fn.totalMs / 1000) * AWS_PRICES.lambdaMemoryGb * AWS_PRICES.lambdaArmPerGbSecond,
    0,
  );
}

export interface IngestCostInput {
  events: number;
  /** SendMessageBatch calls made by the producer. */
  producerRequests: number;
  /** What AWS bills for the aggregator's writes (2 units per transactional item); DynamoDB Local under-reports these. */
  awsWriteUnits: number;
  consumption: Consumption;
}

/** Dollars per million usage events ingested through SQS: producer sends, the event source's polls, Lambda, DynamoDB. */
export function usdPerMillionEvents({ events, producerRequests, awsWriteUnits, consumption }: IngestCostInput): number {
  const sqsRequests = producerRequests + consumption.sqsPollers.receiveRequests + consumption.sqsPollers.deleteRequests;
  const usd =
    sqsRequests * AWS_PRICES.sqsStandardPerRequest +
    lambdaUsd(consumption) +
    awsWriteUnits * AWS_PRICES.dynamoPerWriteUnit +
    consumption.dynamodb.readUnits * AWS_PRICES.dynamoPerReadUnit;
  return round((usd / events) * 1e6);
}

/**
 * Dollars per million quota checks: the HTTP API request, the authorizer and handler invocations, the capacity they
 * consumed, and one rate-limiter write per request (the bench calls with the platform key, which is not limited; an
 * org's key or token spends one `ADD` per request).
 */
export function usdPerMillionQuotaChecks(requests: number, consumption: Consumption): number {
  const usd =
    requests * AWS_PRICES.httpApiPerRequest +
    lambdaUsd(consumption) +
    (consumption.dynamodb.readUnits * AWS_PRICES.dynamoPerReadUnit) +
    (consumption.dynamodb.writeUnits + requests) * AWS_PRICES.dynamoPerWriteUnit;
  return round((usd / requests) * 1e6);
}

const round = (n: number) => Math.round(n * 100) / 100;
