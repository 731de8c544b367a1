import { z } from 'zod';
import { experimentDefinitionSchema } from '../../experiments/definition-schema';

export const schemaUsage = 'usage: nudgelab schema';

/**
 * The experiment definition schema as JSON Schema (draft 2020-12), every
 * field with its type, default and meaning: what a behavioural team reads to
 * write a new experiment file, and what editors use for completion.
 */
export function experimentJsonSchema() {
  return z.toJSONSchema(experimentDefinitionSchema, { io: 'input', unrepresentable: 'any' });
}

/** `nudgelab schema`: prints the experiment definition schema. */
export function schemaCommand(): string {
  return JSON.stringify(experimentJsonSchema(), null, 2);
}
