import { describe, expect, it } from 'vitest';
import { experimentJsonSchema } from '../../server/cli/schema-command';

type JsonSchema = { description?: string; properties?: Record<string, JsonSchema>; items?: JsonSchema; oneOf?: JsonSchema[]; anyOf?: JsonSchema[]; additionalProperties?: JsonSchema | boolean };

/** Every property in the schema, with its path and whether it (or the schema it is) has a description. */
function undocumented(schema: JsonSchema, path = ''): string[] {
  const missing: string[] = [];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const described = property.description ?? property.oneOf?.[0]?.description ?? property.anyOf?.find((option) => option.description)?.description;
    if (!described) missing.push(`${path}${name}`);
    missing.push(...undocumented(property, `${path}${name}.`));
  }
  if (schema.items) missing.push(...undocumented(schema.items, `${path}[].`));
  for (const option of [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) missing.push(...undocumented(option, path));
  if (typeof schema.additionalProperties === 'object') missing.push(...undocumented(schema.additionalProperties, `${path}*.`));
  return [...new Set(missing)];
}

describe('the experiment definition schema documents itself', () => {
  it('describes every field', () => {
    expect(undocumented(experimentJsonSchema() as JsonSchema)).toEqual([]);
  });

  it('offers both templates and states defaults', () => {
    const text = JSON.stringify(experimentJsonSchema());
    expect(text).toContain('"const":"amount"');
    expect(text).toContain('"const":"product-choice"');
    expect(text).toContain('"default":"holm"');
    expect(text).toContain('"default":"monthly-payment"');
  });
});
