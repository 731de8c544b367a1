import type { LoadResult } from '../http-load';
import { participantScreen, type ExposedParticipant } from './participant-screen';
import { decisionSubmit } from './decision-submit';

/**
 * The same participant traffic spread over several instances at once: the
 * screen scenario on each instance (its share of the connections), then
 * every exposed participant's decision sent to the instance that did not
 * show them the screen. Returns the combined throughput of each step.
 */
export async function scaleOut(
  baseUrls: readonly string[],
  countDecisions: () => Promise<number>,
  { connections, seconds }: { connections: number; seconds: number },
) {
  const perInstance = Math.max(1, Math.floor(connections / baseUrls.length));
  const screens = await Promise.all(baseUrls.map((baseUrl) => participantScreen(baseUrl, { connections: perInstance, seconds })));
  const combined = (loads: LoadResult[]): LoadResult => ({
    requestsPerSecond: loads.reduce((sum, load) => sum + load.requestsPerSecond, 0),
    p50Ms: Math.max(...loads.map((load) => load.p50Ms)),
    p99Ms: Math.max(...loads.map((load) => load.p99Ms)),
    requests: loads.reduce((sum, load) => sum + load.requests, 0),
    errors: loads.reduce((sum, load) => sum + load.errors, 0),
    failedStatuses: loads.reduce((sum, load) => sum + load.failedStatuses, 0),
    seconds: Math.max(...loads.map((load) => load.seconds)),
  });
  const before = await countDecisions();
  // Each instance's participants decide on the next instance, as a load balancer without stickiness would send them.
  const decisions = await Promise.all(
    screens.map((screen, index) => decisionSubmit(baseUrls[(index + 1) % baseUrls.length]!, null, screen.exposed as ExposedParticipant[], { connections: perInstance })),
  );
  const stored = (await countDecisions()) - before;
  const acknowledged = decisions.reduce((sum, decision) => sum + decision.acknowledged, 0);
  return {
    screen: combined(screens.map((screen) => screen.load)),
    decision: combined(decisions.map((decision) => decision.load)),
    acknowledged,
    stored,
    lost: acknowledged - stored,
  };
}
