// fast-check arbitraries derived from the JSON schemas of the committed contract
// (apps/api/openapi.json): `valid` draws values the schema accepts, `invalid` values it refuses.
// Only the JSON Schema the generator writes is handled (type, enum, const, anyOf/oneOf/allOf,
// $ref to components, string length/pattern/format, integer bounds, objects, arrays).
import fc from 'fast-check';

export type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
};

const DAY_MS = 86_400_000;
/** Dates around the scenarios' years (the test clock stands in 2019), every one real. */
const isoDate = fc
  .integer({ min: Date.UTC(2000, 0, 1) / DAY_MS, max: Date.UTC(2100, 11, 31) / DAY_MS })
  .map((day) => new Date(day * DAY_MS).toISOString().slice(0, 10));
const isoDateTime = fc
  .integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 11, 31) })
  .map((t) => new Date(t).toISOString());
const FORMATS: Record<string, fc.Arbitrary<string>> = {
  uuid: fc.uuid({ version: [1, 4, 5, 7] }),
  date: isoDate,
  'date-time': isoDateTime,
  email: fc.emailAddress(),
};

/** Text a person could type: letters, digits, spaces, Vietnamese letters and punctuation. */
const TEXT_CHARS = fc.constantFrom(...'abcxyzABC0129 .,-_/()ăâđêôơưạếỗ'.split(''), 'Ữ', '\u00e9');

export class SchemaArbitraries {
  constructor(private readonly components: Record<string, Schema>) {}

  resolve(schema: Schema): Schema {
    let s = schema;
    while (s.$ref) s = this.components[s.$ref.replace('#/components/schemas/', '')];
    return s;
  }

  /** Values the schema accepts. */
  valid(input: Schema): fc.Arbitrary<unknown> {
    const schema = this.resolve(input);
    if ('const' in schema) return fc.constant(schema.const);
    if (schema.enum) return fc.constantFrom(...schema.enum);
    // An object's own oneOf/anyOf only narrows which properties it has (e.g. exactly one of two):
    // the object is drawn whole, and the fuzzer's cross-field fixes keep the narrowing.
    const alternatives = schema.properties ? undefined : (schema.anyOf ?? schema.oneOf);
    if (alternatives) return fc.oneof(...alternatives.map((s) => this.valid(s)));
    if (schema.allOf) return this.valid(Object.assign({}, ...schema.allOf.map((s) => this.resolve(s))));
    if (Array.isArray(schema.type))
      return fc.oneof(...schema.type.map((type) => this.valid({ ...schema, type })));
    switch (schema.type) {
      case 'string':
        return this.string(schema);
      case 'integer':
        return fc.integer({
          min: schema.minimum ?? (schema.exclusiveMinimum ?? -1_000_001) + 1,
          max: schema.maximum ?? (schema.exclusiveMaximum ?? 1_000_001) - 1,
        });
      case 'number':
        return fc.double({
          min: schema.minimum ?? -1e6,
          max: schema.maximum ?? 1e6,
          noNaN: true,
          noDefaultInfinity: true,
        });
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array':
        return fc.array(this.valid(schema.items ?? {}), {
          minLength: schema.minItems ?? 0,
          maxLength: Math.min(schema.maxItems ?? 3, (schema.minItems ?? 0) + 3),
        });
      case 'object':
      case undefined:
        if (!schema.properties) return schema.type ? fc.constant({}) : fc.jsonValue();
        return this.object(schema);
      default:
        throw new Error(`no arbitrary for type ${String(schema.type)}`);
    }
  }

  private string(schema: Schema): fc.Arbitrary<string> {
    const min = schema.minLength ?? 0;
    const max = schema.maxLength ?? 1_000_000;
    const fits = (s: string) => s.length >= min && s.length <= max;
    const pattern = schema.pattern ? new RegExp(schema.pattern, 'u') : undefined;
    // An unanchored pattern (e.g. \\S: some character not white space) says what text must
    // contain: typed text filtered by it. An anchored one is drawn from.
    const base =
      (schema.format ? FORMATS[schema.format] : undefined) ??
      (pattern && schema.pattern!.startsWith('^')
        ? fc.stringMatching(pattern)
        : fc.string({ unit: TEXT_CHARS, minLength: min, maxLength: Math.min(max, min + 40) }));
    return base.filter((s) => fits(s) && (!pattern || pattern.test(s)));
  }

  private object(schema: Schema): fc.Arbitrary<Record<string, unknown>> {
    const record = Object.fromEntries(
      Object.entries(schema.properties ?? {}).map(([k, s]) => [k, this.valid(s)]),
    );
    return fc.record(record, { requiredKeys: schema.required ?? [] }) as fc.Arbitrary<
      Record<string, unknown>
    >;
  }

  /**
   * Values the schema very likely refuses: a wrong type, a broken string, a bound overstepped, a
   * required property dropped, an unknown one added. The caller checks them with ajv, since a
   * mutation can land on a valid value.
   */
  invalid(input: Schema): fc.Arbitrary<unknown> {
    const schema = this.resolve(input);
    const wrongType = fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.constant([]),
      fc.constant({}),
      fc.string({ maxLength: 8 }),
    );
    const options: fc.Arbitrary<unknown>[] = [wrongType];
    if (schema.type === 'string' || schema.format || schema.pattern || schema.enum) {
      options.push(
        fc.constantFrom('', ' ', 'not-valid', '0000-00-00', '2019-02-30', '../x', '%00', 'x'.repeat(600)),
      );
      if (schema.maxLength !== undefined && schema.maxLength < 5000)
        options.push(fc.constant('a'.repeat(schema.maxLength + 1)));
    }
    if (schema.type === 'integer') {
      if (schema.maximum !== undefined) options.push(fc.constant(schema.maximum + 1));
      if (schema.minimum !== undefined) options.push(fc.constant(schema.minimum - 1));
      options.push(fc.constant(1.5), fc.constant('7'));
    }
    if (schema.properties) {
      const props = Object.keys(schema.properties);
      const valid = this.object(schema);
      if (schema.required?.length)
        options.push(
          fc
            .tuple(valid, fc.constantFrom(...schema.required))
            .map(([v, k]) => Object.fromEntries(Object.entries(v).filter(([key]) => key !== k))),
        );
      if (schema.additionalProperties === false)
        options.push(valid.map((v) => ({ ...v, notInTheContract: 1 })));
      options.push(
        fc
          .tuple(valid, fc.constantFrom(...props))
          .chain(([v, k]) => this.invalid(schema.properties![k]).map((bad) => ({ ...v, [k]: bad }))),
      );
    }
    return fc.oneof(...options);
  }
}
