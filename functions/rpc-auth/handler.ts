import { AuthService } from '../../shared/rpc/gen/argus/auth/v1/auth_pb';
import { authService } from '../../shared/rpc/auth-service';
import { rpcHandler } from '../../shared/rpc/rpc-handler';

/** POST /rpc/argus.auth.v1.AuthService/{method}: the Connect protocol (JSON or binary protobuf), CONTRACT §9. */
export const handler = rpcHandler(AuthService, authService);
