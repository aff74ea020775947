// A command's form, generated from its body schema in the contract (JSON Schema): a new command
// or field needs no page code. Pure: the unit specs run it under Jest.
import type { JsonSchema } from './api.js';
import { DICTS, parseDate, parseMonth, type Lang } from './i18n.js';

export type FieldKind = 'text' | 'textarea' | 'date' | 'month' | 'select' | 'checkbox' | 'number' | 'lines';

export interface Field {
  readonly name: string;
  readonly kind: FieldKind;
  readonly required: boolean;
  readonly options?: readonly string[];
  readonly title?: string;
  readonly maxLength?: number;
}

const DATE_NAME = /(On|Date|At)$/;
const MONTH_NAME = /Month$/;

const typeOf = (s: JsonSchema): string | undefined => {
  if (Array.isArray(s.type)) return s.type.find((t) => t !== 'null');
  if (s.type) return s.type;
  return s.anyOf?.map(typeOf).find((t) => t && t !== 'null');
};

/** The fields of a body schema, in the schema's order. */
export function fieldsOf(schema: JsonSchema | undefined): Field[] {
  const required = new Set(schema?.required ?? []);
  return Object.entries(schema?.properties ?? {}).map(([name, s]) => {
    const type = typeOf(s);
    const base = { name, required: required.has(name), title: s.title, maxLength: s.maxLength };
    if (s.enum) return { ...base, kind: 'select', options: s.enum.map(String) };
    if (type === 'boolean') return { ...base, kind: 'checkbox' };
    if (type === 'number' || type === 'integer') return { ...base, kind: 'number' };
    if (type === 'array') return { ...base, kind: 'lines' };
    if (s.format === 'date' || DATE_NAME.test(name)) return { ...base, kind: 'date' };
    if (MONTH_NAME.test(name)) return { ...base, kind: 'month' };
    if ((s.maxLength ?? 0) > 500 || name === 'reason' || name === 'summary')
      return { ...base, kind: 'textarea' };
    return { ...base, kind: 'text' };
  });
}

export type FormValues = Record<string, string | boolean>;

/** The body to send, or the message for each field that is not right (in the page's language). */
export function bodyOf(
  fields: readonly Field[],
  values: FormValues,
  lang: Lang,
): { body: Record<string, unknown> } | { errors: Record<string, string> } {
  const t = DICTS[lang];
  const body: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const raw = values[f.name];
    if (f.kind === 'checkbox') {
      if (raw === true || f.required) body[f.name] = raw === true;
      continue;
    }
    const text = typeof raw === 'string' ? raw.trim() : '';
    if (text === '') {
      if (f.required) errors[f.name] = t.required;
      continue;
    }
    if (f.kind === 'date') {
      const iso = parseDate(text);
      if (iso) body[f.name] = iso;
      else errors[f.name] = t.badDate;
    } else if (f.kind === 'month') {
      const iso = parseMonth(text);
      if (iso) body[f.name] = iso;
      else errors[f.name] = t.badMonth;
    } else if (f.kind === 'number') body[f.name] = Number(text);
    else if (f.kind === 'lines')
      body[f.name] = text
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
    else body[f.name] = text;
  }
  return Object.keys(errors).length > 0 ? { errors } : { body };
}
