import { z } from 'zod';
import { formatFieldPath } from '../../experiments/format-field-path';

/** Identifiers a lender sends: printable text without control characters, at most 128 characters. */
const identifier = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[^\p{Cc}\p{Cs}]+$/u, 'must be printable text without control characters');

export const assignmentRequestSchema = z
  .object({
    experiment: z.string().min(1).max(64).describe('The experiment key, e.g. `credit-choice`.'),
    unitId: identifier.describe('The lender’s stable id for the visitor (hashed for the assignment; the same id always gets the same arm).'),
    attributes: z
      .record(z.string().max(64), z.string().max(64))
      .optional()
      .describe(
        'Optional coarse attributes of the visitor that the experiment declares (`lenderAttributes`, e.g. `{ "income_band": "2000-3500" }`), each with one of its declared levels; stored with the first assignment as pre-treatment covariates and exported as columns. An undeclared attribute or a value that is not a level is refused (400) and nothing is stored.',
      ),
    stratum: z
      .string()
      .max(200)
      .optional()
      .describe(
        'The visitor’s stratum, required by experiments randomised in permuted blocks within strata: one of the levels the experiment declares, or, when the stratum is a before-screen question, one of that question’s option values (the visitor’s answer, asked in your own flow; it is used for the block only, not stored as an answer). Ignored otherwise.',
      ),
  })
  .strict()
  ;

export const assignmentResponseSchema = z
  .object({
    experiment: z.string(),
    unitId: z.string(),
    variant: z.string().describe('The arm key, e.g. `control`.'),
    params: z.record(z.string(), z.unknown()).describe('The arm’s screen parameters from the experiment file.'),
    inExperiment: z.boolean().describe('False when the experiment is not running; the control arm is returned and nothing is recorded.'),
  })
  ;

export const apiEventSchema = z
  .object({
    experiment: z.string().min(1).max(64).describe('The experiment key.'),
    unitId: identifier.describe('The unit id used for its assignment.'),
    name: z
      .string()
      .regex(/^[a-z][a-z0-9_.-]{0,63}$/, 'use lower-case letters, digits, _ . and -, starting with a letter')
      .describe('What happened, e.g. `application_submitted`, `amount`, `loan_accepted`, `first_arrears`.'),
    value: z.union([z.number(), z.string().max(500), z.boolean(), z.null()]).describe('Its value: a number, text, true/false or null.'),
    timestamp: z.iso.datetime({ offset: true }).optional().describe('When it happened (ISO 8601); the time received by default.'),
    idempotencyKey: identifier.optional().describe('A key unique per event of this API key: a repeat with the same key is stored once (other keys’ keys do not collide).'),
  })
  .strict()
  ;

export const apiEventBatchSchema = z.array(apiEventSchema).min(1, 'send at least one event').max(1000, 'send at most 1,000 events per batch');

/** One event or a batch; validation picks the branch by the body's shape so that errors name the field. */
export const apiEventsRequestSchema = z.union([apiEventSchema, apiEventBatchSchema]);

export const apiEventsResponseSchema = z
  .object({
    stored: z.number().int().describe('Events stored now.'),
    duplicates: z.number().int().describe('Events skipped because their idempotency key was stored before.'),
  })
  ;

export const apiErrorSchema = z
  .object({
    error: z.string().describe('What is wrong, in words.'),
    problems: z.array(z.string()).optional().describe('Each invalid field, named with its path, e.g. `events[3].value: …`.'),
  })
  ;

/**
 * The problems of a failed validation, each naming the field and, in a batch,
 * the event's index: `events[3].value: Invalid input`.
 */
export function validationProblems(error: z.ZodError, batch: boolean): string[] {
  return error.issues.map((issue) => {
    const path = formatFieldPath(issue.path, batch ? 'events' : '');
    return `${path || '(body)'}: ${issue.message}`;
  });
}
