import fc from 'fast-check';

/** The parts of an OpenAPI 3 document the generator reads. */
interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  format?: string;
  example?: unknown;
  default?: unknown;
  minimum?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  oneOf?: Schema[];
  allOf?: Schema[];
}
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema; examples?: Record<string, { value: unknown }> }> };
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface FuzzRequest {
  method: string;
  /** Path with its parameters filled in and percent-encoded, query string included. */
  url: string;
  /** A raw body, sent as it is with `contentType`. */
  body?: string;
  contentType?: string;
  /** What was made wrong, for the report. */
  mutation: string;
  operation: string;
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

/** Percent-encodes every byte outside the unreserved set; Buffer turns lone surrogates into U+FFFD, as a browser would. */
function encode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Text that has broken real systems: NUL, lone surrogates, direction overrides, zero-width and combining marks, BOM, emoji. */
const ODD_TEXT = [
  'solar\u0000panel',
  '\u0000',
  'half \uD83D pair',
  '\uDE00 low first',
  'trailing high \uDBFF',
  '\u202Egnp.exe',
  'zero\u200Bwidth\u200D\uFEFF',
  'Z̴̡̢̛̗̘̙̜̝̞̟̠̀́̂̃̄̅̆̇̈̉̊̋̌̍̎̏a̶l̷g̸o̵',
  '🧑‍🔬🔋☀️🇹🇭🇨🇳',
  '\r\n\t\u000B\u000C',
  "' OR 1=1 --",
  '${7*7}{{7*7}}<script>alert(1)</script>',
  '../../../../etc/passwd',
  '\\u0000',
  '𠜎𠜱𠝹𠱓',
  'ﷺ',
];

const BAD_IDS = [
  'not-a-uuid',
  '123',
  '00000000-0000-0000-0000-000000000000',
  'ZZZZZZZZ-ZZZZ-4ZZZ-8ZZZ-ZZZZZZZZZZZZ',
  '{6f1d2c2e-1b4a-4c1e-9a0e-2f6d2b8f0c11}',
  '6f1d2c2e1b4a4c1e9a0e2f6d2b8f0c11',
  '6F1D2C2E-1B4A-4C1E-9A0E-2F6D2B8F0C11',
  '6f1d2c2e-1b4a-4c1e-9a0e-2f6d2b8f0c11-6f1d2c2e',
  'a'.repeat(5_000),
  '-1',
  'null',
  '%',
  '..',
  ' ',
  ...ODD_TEXT.slice(0, 6),
];

/** Values of the wrong type for anything: the generator picks one whose type differs from the expected one. */
const WRONG_VALUES: unknown[] = [123, -1, 1.5, 1e308, true, false, null, {}, [], 'text', '', [1, 'two', null], { nested: { a: 1 } }, '9'.repeat(400), '2026-13-45T25:61:00Z'];

/** Deep nesting as JSON text: JSON.stringify of such a value would overflow the test's own stack. */
function nestedJson(depth: number): string {
  let open = '';
  let close = '';
  for (let i = 0; i < depth; i++) {
    open += i % 2 ? '[' : '{"deeper":';
    close = (i % 2 ? ']' : '}') + close;
  }
  return `${open}"leaf"${close}`;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/**
 * Makes bad requests from an OpenAPI document, deterministic for a seed: for every operation, path
 * parameters that are no UUID, query parameters of the wrong type or odd text, and bodies with
 * fields missing, of the wrong type, extra, huge, deeply nested or odd Unicode, or no JSON object
 * at all. Path parameters not under test get `validId` (a UUID of nothing), so a request fails on
 * the one thing made wrong.
 */
export function fuzzRequests(doc: OpenApiDocument, options: { seed: number; perOperation: number; validId: string }): FuzzRequest[] {
  const { seed, perOperation, validId } = options;
  let state = seed >>> 0;
  // mulberry32: small, seeded, and enough for choosing among cases.
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  const oddStrings = fc.sample(fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }), { seed, numRuns: 200 });
  const anything = fc.sample(fc.anything({ maxDepth: 4, withNullPrototype: false, withBigInt: false }), { seed: seed + 1, numRuns: 200 });

  const resolve = (schema: Schema | undefined): Schema => {
    let current = schema ?? {};
    for (let hops = 0; current.$ref && hops < 10; hops++) {
      current = doc.components?.schemas?.[current.$ref.replace('#/components/schemas/', '')] ?? {};
    }
    if (current.allOf) return current.allOf.map(resolve).reduce((a, b) => ({ ...a, ...b, properties: { ...a.properties, ...b.properties } }), {});
    return current;
  };

  /** A plausible value for a schema: the first enum value, the example, or a value of its type. */
  const plausible = (raw: Schema | undefined, depth = 0): unknown => {
    const schema = resolve(raw);
    if (schema.enum?.length) return schema.enum[0];
    if (schema.example !== undefined) return schema.example;
    if (schema.default !== undefined) return schema.default;
    switch (schema.type) {
      case 'string':
        return schema.format === 'uuid' ? validId : schema.format === 'date-time' ? '2031-09-20T09:00:00+08:00' : 'text';
      case 'number':
      case 'integer':
        return schema.minimum ?? 1;
      case 'boolean':
        return true;
      case 'array':
        return depth > 4 ? [] : [plausible(schema.items, depth + 1)];
      default:
        if (!schema.properties || depth > 4) return {};
        return Object.fromEntries(Object.entries(schema.properties).map(([key, property]) => [key, plausible(property, depth + 1)]));
    }
  };

  const requests: FuzzRequest[] = [];
  for (const [template, methods] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      if (!METHODS.has(method)) continue;
      const name = `${method.toUpperCase()} ${template}`;
      const pathParams = (operation.parameters ?? []).filter((p) => p.in === 'path');
      const queryParams = (operation.parameters ?? []).filter((p) => p.in === 'query');
      const json = operation.requestBody?.content?.['application/json'];
      const bodySchema = json ? resolve(json.schema) : undefined;
      const example = json?.examples ? Object.values(json.examples)[0]?.value : undefined;
      const base = (example ?? (bodySchema ? plausible(bodySchema) : undefined)) as Record<string, unknown> | undefined;
      const properties = bodySchema?.properties ? Object.keys(bodySchema.properties) : base && typeof base === 'object' ? Object.keys(base) : [];

      const url = (params: Record<string, string> = {}, query = '') =>
        template.replace(/\{(\w+)\}/g, (_, key: string) => encode(params[key] ?? validId)) + (query ? `?${query}` : '');
      const jsonBody = (value: unknown) => ({ body: JSON.stringify(value), contentType: 'application/json' });
      const add = (mutation: string, request: Partial<FuzzRequest>) => requests.push({ method: method.toUpperCase(), url: url(), mutation, operation: name, ...request });

      const makers: (() => void)[] = [];
      for (const param of pathParams) {
        makers.push(() => add(`path ${param.name}: bad id`, { url: url({ [param.name]: pick(BAD_IDS) }), ...(base ? jsonBody(base) : {}) }));
      }
      for (const param of queryParams) {
        makers.push(() => {
          const value = pick<unknown>([...WRONG_VALUES.filter((v) => typeOf(v) !== resolve(param.schema).type), pick(ODD_TEXT), pick(oddStrings), 'x'.repeat(20_000)]);
          const encoded = Array.isArray(value)
            ? value.map((item) => `${param.name}=${encode(String(item))}`).join('&')
            : typeof value === 'object' && value !== null
              ? `${param.name}[a]=${encode('b')}&${param.name}[c][d]=e`
              : `${param.name}=${encode(String(value))}`;
          add(`query ${param.name}: wrong value`, { url: url({}, encoded) });
        });
      }
      makers.push(() => add('query: unknown parameter', { url: url({}, `${encode(pick(['admin', 'role', 'partyId', '__proto__', 'constructor[prototype][x]']))}=1`) }));
      if (base !== undefined && typeof base === 'object' && !Array.isArray(base)) {
        const required = bodySchema?.required ?? [];
        for (const field of required) makers.push(() => add(`body: ${field} missing`, jsonBody({ ...base, [field]: undefined })));
        for (const field of properties) {
          const expected = resolve(bodySchema?.properties?.[field]).type;
          makers.push(() => add(`body ${field}: wrong type`, jsonBody({ ...base, [field]: pick(WRONG_VALUES.filter((v) => typeOf(v) !== expected)) })));
          // @IsOptional lets null through to the service, which may take it for a value.
          makers.push(() => add(`body ${field}: null`, jsonBody({ ...base, [field]: null })));
          makers.push(() => add(`body ${field}: odd text`, jsonBody({ ...base, [field]: pick([...ODD_TEXT, ...oddStrings]) })));
          makers.push(() => add(`body ${field}: huge`, jsonBody({ ...base, [field]: pick(['界'.repeat(100_000), Array.from({ length: 10_000 }, (_, i) => `k${i}`)]) })));
          makers.push(() => {
            const { body, contentType } = jsonBody({ ...base, [field]: '<deep>' });
            add(`body ${field}: deep`, { body: body.replace('"<deep>"', nestedJson(pick([33, 200, 5_000]))), contentType });
          });
        }
        makers.push(() => add('body: extra field', jsonBody({ ...base, [pick(['id', 'role', 'partyId', 'status', 'version', 'revision', 'score', '__proto__', 'isAdmin'])]: pick(WRONG_VALUES) })));
        makers.push(() => add('body: prototype pollution', { body: `{"__proto__":{"role":"admin"},"constructor":{"prototype":{"isAdmin":true}}}`, contentType: 'application/json' }));
      }
      if (method !== 'get' && method !== 'delete') {
        makers.push(() => add('body: not an object', { body: pick(['[]', '"text"', 'null', '123', 'true', '[{}]', '{', '{"a":}', '\u0000', '']), contentType: 'application/json' }));
        makers.push(() => add('body: anything', jsonBody(pick(anything))));
        makers.push(() => add('body: wrong media type', { body: pick(['a,b\n1,2', '<xml/>', 'title=x']), contentType: pick(['text/csv', 'application/xml', 'application/x-www-form-urlencoded', 'text/plain']) }));
        makers.push(() => add('body: odd text everywhere', jsonBody(Object.fromEntries(properties.map((field) => [field, pick(ODD_TEXT)])))));
      }
      // Shuffled, so that operations with more cases than `perOperation` get a different share per seed.
      for (let i = makers.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [makers[i], makers[j]] = [makers[j], makers[i]];
      }
      for (let i = 0; i < perOperation; i++) makers[i % makers.length]();
    }
  }
  return requests;
}
