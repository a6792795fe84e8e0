import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Response as SupertestResponse } from 'supertest';

/**
 * Checks real responses against the committed API document (openapi/openapi.json): the status
 * must be documented for the route, and a JSON body must match its schema. Objects may not carry
 * properties the document does not name, so a field added in code but not in the document fails
 * here rather than surprising a client.
 */
const DOCUMENT_ID = 'openapi.json';

interface OpenApiDocument {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
  components: { schemas: Record<string, unknown> };
}

const document = JSON.parse(readFileSync(resolve(__dirname, '../../openapi/openapi.json'), 'utf8')) as OpenApiDocument;

/** Closes every object schema that lists its properties, and points $refs into the document. */
function closeSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closeSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    out[key] = key === '$ref' && typeof value === 'string' ? `${DOCUMENT_ID}${value}` : key === 'example' || key === 'examples' ? value : closeSchema(value);
  }
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  // "nullable" beside allOf (how @nestjs/swagger writes a nullable nested DTO) means "null or that";
  // ajv would apply the allOf to null too.
  if (out.nullable === true && Array.isArray(out.allOf)) {
    const { nullable: _nullable, type: _type, ...rest } = out;
    return { anyOf: [{ type: 'null' }, rest] };
  }
  return out;
}

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: DOCUMENT_ID, components: { schemas: closeSchema(document.components.schemas) } });

/** Path templates, literal ones first, so /admin/meetings/stats never reads as /admin/meetings/{id}. */
const routes = Object.keys(document.paths)
  .map((template) => ({
    template,
    params: (template.match(/\{/g) ?? []).length,
    pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
  }))
  .sort((a, b) => a.params - b.params);

const compiled = new Map<string, ValidateFunction>();

export function findRoute(method: string, path: string): string | undefined {
  const bare = path.split('?')[0];
  return routes.find((route) => route.pattern.test(bare) && document.paths[route.template][method.toLowerCase()])?.template;
}

/** What is wrong with a response, as readable lines; empty when it matches the document. */
export function responseProblems(method: string, path: string, status: number, contentType: string | undefined, body: unknown): string[] {
  const template = findRoute(method, path);
  if (!template) return [`${method} ${path} is not in the API document`];
  const operation = document.paths[template][method.toLowerCase()];
  const responses = operation.responses ?? {};
  const response = responses[String(status)] ?? responses.default;
  if (!response) return [`${method} ${template} answered ${status}, which the document does not list (it lists ${Object.keys(responses).join(', ')})`];
  const mediaType = (contentType ?? '').split(';')[0].trim();
  if (mediaType !== 'application/json') return [];
  const schema = response.content?.['application/json']?.schema;
  if (!schema) {
    return body === undefined || body === null || body === '' || (typeof body === 'object' && Object.keys(body as object).length === 0)
      ? []
      : [`${method} ${template} ${status} has a JSON body but the document gives it no schema`];
  }
  const key = `${method} ${template} ${status}`;
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(closeSchema(schema) as object);
    compiled.set(key, validate);
  }
  if (validate(body)) return [];
  return (validate.errors ?? []).map((error) => `${key}: ${error.instancePath || '(body)'} ${error.message}${error.params && 'additionalProperty' in error.params ? ` (${String(error.params.additionalProperty)})` : ''}`);
}

/** Asserts a supertest response matches the document for its method, path and status. */
export function expectMatchesSpec(response: SupertestResponse): SupertestResponse {
  const request = (response as unknown as { req: { method: string; path: string } }).req;
  const problems = responseProblems(request.method, request.path, response.status, response.headers['content-type'], response.body);
  if (problems.length) throw new Error(`response does not match openapi/openapi.json:\n  ${problems.join('\n  ')}`);
  return response;
}
