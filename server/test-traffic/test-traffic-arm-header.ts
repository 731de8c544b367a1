import type { Request, Response } from 'express';
import { isTestTraffic } from './test-traffic-cookie';

/**
 * The response header that tells test traffic its arm. Under permuted blocks
 * the arm depends on who entered before, so only the server knows it; a
 * simulated participant reads it here to behave (and answer the manipulation
 * check) as its real arm, and `nudgelab simulate` counts completions by arm.
 */
export const testTrafficArmHeader = 'Nudgelab-Test-Arm';

/**
 * Names the participant's arm in a response header, for test traffic only
 * (a browser that entered through the experiment's test link, a signed cookie
 * no participant can forge); real participants never see their arm.
 *
 * @example
 * tellTestTrafficItsArm(request, response, 'minimum-repayment', 'payoff-prompt'); // test traffic: "Nudgelab-Test-Arm: payoff-prompt"
 */
export function tellTestTrafficItsArm(request: Request, response: Response, experimentKey: string, arm: string): void {
  if (isTestTraffic(request, experimentKey)) response.set(testTrafficArmHeader, arm);
}
