import { percentText, pValueText } from './figure-format';

/** What the line reads of each arm's flow. */
export interface FlowLineArm {
  arm: string;
  entered: number;
  completed: number;
  analysed: number;
}

/** The differential-attrition check as the results report it; null, undefined or unavailable when there is none. */
export type FlowLineAttrition = { available: boolean; pValue?: number; differential?: boolean } | null | undefined;

/**
 * The participant flow in one line: how many of those who entered are
 * analysed, each arm's completion, and the differential-attrition check —
 * "no differential attrition detected" (a non-significant test shows no
 * absence), or a warning to read effects with care — with its p as people
 * read it.
 *
 * @example
 * participantFlowLine(flow, { available: true, pValue: 0.43, differential: false }, labelOf);
 * // => 'Analysed 156 of 200 entered (78.0%); completed by arm: Control 95.0%, Treatment 70.0%; no differential attrition detected (p = 0.430).'
 */
export function participantFlowLine(flow: readonly FlowLineArm[], attrition: FlowLineAttrition, labelOf: (arm: string) => string): string {
  const entered = flow.reduce((sum, arm) => sum + arm.entered, 0);
  const analysed = flow.reduce((sum, arm) => sum + arm.analysed, 0);
  if (entered === 0) return 'Nobody has entered yet.';
  const completion = flow.map((arm) => `${labelOf(arm.arm)} ${arm.entered === 0 ? '—' : percentText(arm.completed / arm.entered)}`).join(', ');
  const check =
    attrition?.available && attrition.pValue !== undefined
      ? attrition.differential
        ? `; completion differs between arms (differential attrition, ${pValueText(attrition.pValue)}): read effects with care`
        : `; no differential attrition detected (${pValueText(attrition.pValue)})`
      : '';
  return `Analysed ${analysed.toLocaleString('en-GB')} of ${entered.toLocaleString('en-GB')} entered (${percentText(analysed / entered)}); completed by arm: ${completion}${check}.`;
}
