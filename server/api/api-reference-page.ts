import type { openApiDocument } from './openapi-document';

type OpenApiDocument = ReturnType<typeof openApiDocument>;
type JsonSchema = { $ref?: string; type?: string | string[]; enum?: unknown[]; anyOf?: JsonSchema[]; items?: JsonSchema; properties?: Record<string, JsonSchema>; required?: string[]; description?: string; format?: string; maxItems?: number };

/** One field of a request body, as a row of the reference page. */
export interface ReferenceField {
  name: string;
  type: string;
  required: boolean;
  descriptionHtml: string;
}

/** One operation of the API, ready to render: no computing left for the view. */
export interface ReferenceOperation {
  anchor: string;
  method: string;
  path: string;
  summary: string;
  descriptionHtml: string;
  authenticationHtml: string;
  parameters: { name: string; descriptionHtml: string }[];
  bodyNoteHtml: string | null;
  bodyFields: ReferenceField[];
  responses: { status: string; descriptionHtml: string; example: string | null }[];
  curl: string;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/**
 * Text from the OpenAPI document as HTML: escaped, with Markdown's `code`
 * spans as <code>, so the page shows no literal backticks.
 *
 * @example
 * inlineCodeHtml('Send `Authorization: Bearer SECRET`'); // => 'Send <code>Authorization: Bearer SECRET</code>'
 */
export function inlineCodeHtml(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

const resolve = (schema: JsonSchema, document: OpenApiDocument): JsonSchema =>
  schema.$ref ? (document.components.schemas[schema.$ref.split('/').pop() as keyof OpenApiDocument['components']['schemas']] as JsonSchema) : schema;

const typeName = (schema: JsonSchema): string => {
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  if (schema.anyOf) return schema.anyOf.map(typeName).join(' | ');
  if (schema.type === 'array') return `${schema.items ? typeName(schema.items) : 'value'}[]`;
  if (schema.format) return `${String(schema.type)} (${schema.format})`;
  return Array.isArray(schema.type) ? schema.type.join(' | ') : (schema.type ?? 'any');
};

/**
 * The fields of a request body: the properties of its object (or of the
 * object its array holds, or of the first object among its alternatives),
 * with a note saying which of those shapes the body may take.
 *
 * @example
 * bodyFields({ type: 'object', properties: { unitId: { type: 'string' } }, required: ['unitId'] }, document).fields[0]; // => { name: 'unitId', type: 'string', required: true, … }
 */
export function bodyFields(schema: JsonSchema, document: OpenApiDocument): { noteHtml: string | null; fields: ReferenceField[] } {
  const resolved = resolve(schema, document);
  const alternatives = resolved.anyOf ?? [resolved];
  const objectSchema = alternatives.map((alternative) => (alternative.type === 'array' && alternative.items ? alternative.items : alternative)).find((candidate) => candidate.properties);
  const arrayAlternative = alternatives.find((alternative) => alternative.type === 'array');
  const noteHtml =
    alternatives.length > 1 && arrayAlternative
      ? `One object, or an array of up to ${arrayAlternative.maxItems ?? 'many'} of them.`
      : resolved.type === 'array'
        ? 'An array of objects.'
        : null;
  const required = new Set(objectSchema?.required ?? []);
  const fields = Object.entries(objectSchema?.properties ?? {}).map(([name, property]) => ({
    name,
    type: typeName(property),
    required: required.has(name),
    descriptionHtml: inlineCodeHtml(property.description ?? ''),
  }));
  return { noteHtml, fields };
}

/** Example values for path parameters in the curl lines. */
const pathExamples: Record<string, string> = { experimentKey: 'loan-anchor', clientKey: '$NUDGELAB_CLIENT_KEY' };

function curlLine(origin: string, method: string, path: string, needsKey: boolean, body: unknown, csv: boolean): string {
  const url = `${origin}${path.replace(/\{(\w+)\}/g, (_match, name: string) => pathExamples[name] ?? name)}`;
  const parts = [`curl -s${method === 'get' ? '' : ` -X ${method.toUpperCase()}`} "${url}"`];
  if (needsKey) parts.push('-H "Authorization: Bearer $NUDGELAB_API_SECRET"');
  if (body !== undefined) parts.push("-H 'content-type: application/json'", `-d '${JSON.stringify(body)}'`);
  if (csv) parts.push(`-o ${path.split('/').pop()}`);
  return parts.join(' \\\n  ');
}

/**
 * The readable API reference: every operation of the OpenAPI document with
 * its authentication, parameters, body fields as a table, examples and a
 * curl line to copy, for a server reached at `origin`.
 *
 * @example
 * apiReferencePage(openApiDocument(), 'http://localhost:3000').operations[0].curl; // => 'curl -s -X POST "http://localhost:3000/api/v1/assignments" \ …'
 */
export function apiReferencePage(document: OpenApiDocument, origin: string) {
  const operations: ReferenceOperation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods as Record<string, Record<string, unknown>>)) {
      const security = (operation.security as Record<string, unknown>[] | undefined) ?? [];
      const schemes = security.flatMap((requirement) => Object.keys(requirement));
      const requestContent = (operation.requestBody as { content: Record<string, { schema: JsonSchema; example?: unknown }> } | undefined)?.content['application/json'];
      const body = requestContent ? bodyFields(requestContent.schema, document) : { noteHtml: null, fields: [] };
      const responses = Object.entries(operation.responses as Record<string, { description: string; content?: Record<string, { example?: unknown }> }>).map(([status, response]) => {
        const example = Object.values(response.content ?? {})[0]?.example;
        return {
          status,
          descriptionHtml: inlineCodeHtml(response.description),
          example: example === undefined ? null : typeof example === 'string' ? example : JSON.stringify(example, null, 2),
        };
      });
      operations.push({
        anchor: String(operation.operationId),
        method: method.toUpperCase(),
        path,
        summary: String(operation.summary),
        descriptionHtml: inlineCodeHtml(String(operation.description ?? '')),
        authenticationHtml:
          schemes.length === 0
            ? 'None: anyone holding the client key may read it.'
            : schemes.includes('session')
              ? 'An API key with access to the experiment (<code>Authorization: Bearer SECRET</code>), or a researcher signed in to the workspace.'
              : 'An API key with access to the experiment: <code>Authorization: Bearer SECRET</code>.',
        parameters: ((operation.parameters as { name: string; description?: string }[] | undefined) ?? []).map((parameter) => ({
          name: parameter.name,
          descriptionHtml: inlineCodeHtml(parameter.description ?? ''),
        })),
        bodyNoteHtml: body.noteHtml,
        bodyFields: body.fields,
        responses,
        curl: curlLine(origin, method, path, schemes.includes('bearer'), requestContent?.example, path.endsWith('.csv')),
      });
    }
  }
  return { title: document.info.title, descriptionHtml: inlineCodeHtml(document.info.description), openapiVersion: document.openapi, operations };
}
