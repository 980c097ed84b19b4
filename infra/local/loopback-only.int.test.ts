import { localStack } from './testing/local-stack';
import { isLoopback, listenersOf, processTree } from './testing/listeners';

/** CONTRACT §2: every local process listens on 127.0.0.1 only (nothing of the stack on the machine's network). */
describe('the local stack listens on loopback only', () => {
  it('has no listening socket outside 127.0.0.1 in its whole process tree', () => {
    const root = Number(process.env.ARGUS_TEST_STACK_PID);
    expect(root).toBeGreaterThan(0);
    const listeners = listenersOf(processTree(root));

    // The known endpoints must be among what was found, so the check below cannot pass on an empty or wrong list.
    const info = localStack();
    const endpoints = [info.apiUrl, info.dynamodb.endpoint, info.sqs.endpoint, info.cognito.endpoint, info.stripe.apiUrl, info.eventBridge.endpoint];
    const ports = new Set(listeners.map((l) => l.port));
    expect(endpoints.filter((url) => !ports.has(Number(new URL(url).port)))).toEqual([]);

    expect(listeners.filter((l) => !isLoopback(l.address))).toEqual([]);
  });
});
