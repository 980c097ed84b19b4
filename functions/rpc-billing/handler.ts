import { BillingService } from '../../shared/rpc/gen/argus/billing/v1/billing_pb';
import { billingService } from '../../shared/rpc/billing-service';
import { rpcHandler } from '../../shared/rpc/rpc-handler';

/** POST /rpc/argus.billing.v1.BillingService/{method}: the Connect protocol (JSON or binary protobuf), CONTRACT §9. */
export const handler = rpcHandler(BillingService, billingService);
