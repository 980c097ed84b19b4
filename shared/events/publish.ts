import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { z } from 'zod';
import { DOMAIN_EVENT_SOURCE, domainEventSchemas, type DomainEventDetail, type DomainEventType } from '../../events/domain';
import { readConfig } from '../config';

const { EVENT_BUS_NAME } = readConfig({ EVENT_BUS_NAME: z.string().min(1) });
const client = new EventBridgeClient({});

/**
 * Publishes one domain event after validating it against its schema in events/domain.ts. Callers make publishing
 * happen once (a conditional write that only the first delivery wins decides whether to publish).
 */
export async function publishDomainEvent<T extends DomainEventType>(type: T, detail: DomainEventDetail<T>): Promise<void> {
  const valid = domainEventSchemas[type].parse(detail);
  const result = await client.send(
    new PutEventsCommand({ Entries: [{ EventBusName: EVENT_BUS_NAME, Source: DOMAIN_EVENT_SOURCE, DetailType: type, Detail: JSON.stringify(valid) }] }),
  );
  if (result.FailedEntryCount) throw new Error(`EventBridge refused ${type}: ${result.Entries?.[0]?.ErrorCode ?? 'unknown'}`);
}
