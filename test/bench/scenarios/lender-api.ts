import type autocannon from 'autocannon';
import { httpLoad, stateOf } from '../http-load';

/**
 * A new lender visitor's assignment, for autocannon: `nextUnitId()` names the
 * visitor of each request, and `onAssigned` (if given) sees each one answered 200.
 */
export function newVisitorAssignment(secret: string, nextUnitId: () => string, onAssigned?: (unitId: string) => void): autocannon.Request {
  return {
    method: 'POST',
    path: '/api/v1/assignments',
    setupRequest: (request, context) => {
      stateOf(context).unitId = nextUnitId();
      request.headers = { ...request.headers, authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
      request.body = JSON.stringify({ experiment: 'credit-choice', unitId: stateOf(context).unitId });
      return request;
    },
    // Without a listener autocannon does not collect the answer, so it is only added when asked for.
    ...(onAssigned ? { onResponse: (status: number, _body: string, context: object) => (status === 200 ? onAssigned(stateOf(context).unitId!) : undefined) } : {}),
  };
}
import { serverCpuDuring } from '../process-cpu-time';

/**
 * A lender's funnel through the API: new visitors assigned (one request
 * each), then batches of `batchSize` events for assigned visitors, each with
 * its own idempotency key. Returns requests and events per second, and the
 * server's CPU time per request of each phase (process `serverPid`).
 */
export async function lenderApi(
  baseUrl: string,
  secret: string,
  { connections, seconds, batchSize, serverPid }: { connections: number; seconds: number; batchSize: number; serverPid: number },
) {
  const headers = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
  let nextUnit = 0;
  const assigned: string[] = [];
  const { result: assignments, cpuMsPerRequest: assignmentsCpuMsPerRequest } = await serverCpuDuring(serverPid, () =>
    httpLoad({
      url: baseUrl,
      connections,
      duration: seconds,
      requests: [newVisitorAssignment(secret, () => `visitor-${nextUnit++}`, (unitId) => assigned.push(unitId))],
    }),
  );
  let nextBatch = 0;
  let eventsStored = 0;
  const { result: events, cpuMsPerRequest: eventsCpuMsPerRequest } = await serverCpuDuring(serverPid, () =>
    httpLoad({
      url: baseUrl,
      connections,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          path: '/api/v1/events',
          setupRequest: (request) => {
            const batch = nextBatch++;
            request.headers = { ...request.headers, ...headers };
            request.body = JSON.stringify(
              Array.from({ length: batchSize }, (_, index) => ({
                experiment: 'credit-choice',
                unitId: assigned[(batch * batchSize + index) % assigned.length],
                name: index % 10 === 0 ? 'loan_accepted' : 'page_view',
                value: index % 10 === 0 ? true : index,
                idempotencyKey: `batch-${batch}-${index}`,
              })),
            );
            return request;
          },
          onResponse: (status, body) => {
            if (status === 200) eventsStored += (JSON.parse(body) as { stored: number }).stored;
          },
        },
      ],
    }),
  );
  return {
    assignments,
    assignmentsCpuMsPerRequest,
    assignedUnits: assigned.length,
    events,
    eventsCpuMsPerRequest,
    eventsPerSecond: eventsStored / events.seconds,
    eventsStored,
  };
}
