// The lists every other part of the engine needs, derived from the command definitions: names,
// routes, body schemas, grants and labels. Nothing here is written per command.
import type { z } from 'zod';
import type { DocumentKind, Procedure, Stage } from '../draft.types.js';
import type { Role } from '../roles.js';
import type { Label } from '../labels.js';
import type { AnyCommandDefinition, Grant } from './define-command.js';

type NameOf<D extends AnyCommandDefinition> = D['name'];
type DefinitionOf<D extends AnyCommandDefinition, K extends NameOf<D>> = Extract<D, { name: K }>;

/** The validated body of command K. */
export type InputOf<D extends AnyCommandDefinition, K extends NameOf<D>> = z.output<
  DefinitionOf<D, K>['input']
>;

/** Any command of the catalog, with its validated body: `{ type, data }`. */
export type CommandIn<D extends AnyCommandDefinition> = {
  [K in NameOf<D>]: { type: K; data: InputOf<D, K> };
}[NameOf<D>];

/** 'SendForAppraisal' -> 'send-for-appraisal' (the command's URL segment). */
export function kebabCase<N extends string>(name: N): string {
  return name.replace(/[A-Z]/g, (c, i: number) => (i === 0 ? '' : '-') + c.toLowerCase());
}

/** The grants of a definition; a creating command is granted from no stage. */
const grantsOf = (d: AnyCommandDefinition): readonly Grant[] =>
  d.creates ? d.grants.map((g) => ({ roles: g.roles, from: [] })) : d.grants;

export interface CommandCatalog<D extends AnyCommandDefinition> {
  /** In the order given: lists (available commands, the OpenAPI routes) keep it. */
  readonly names: readonly NameOf<D>[];
  readonly definitions: { readonly [K in NameOf<D>]: DefinitionOf<D, K> };
  readonly schemas: { readonly [K in NameOf<D>]: DefinitionOf<D, K>['input'] };
  readonly grants: { readonly [K in NameOf<D>]: readonly Grant[] };
  readonly labels: { readonly [K in NameOf<D>]: Label };
  /** 'send-for-appraisal' -> 'SendForAppraisal'; undefined for anything else. */
  fromKebab(segment: string): NameOf<D> | undefined;
  /** Every role that may run the command on some document. */
  rolesFor(name: NameOf<D>): Role[];
  /** The grant that lets `role` run the command on a document in this stage, kind and procedure. */
  grantFor(
    name: NameOf<D>,
    role: Role,
    doc: { stage: Stage; kind: DocumentKind; procedure: Procedure },
  ): Grant | undefined;
}

/** The catalog of these definitions; two definitions of one name are a mistake caught at start. */
export function commandCatalog<const D extends readonly AnyCommandDefinition[]>(
  list: D,
): CommandCatalog<D[number]> {
  type Name = NameOf<D[number]>;
  const byKey = <V>(value: (d: D[number]) => V) =>
    Object.fromEntries(list.map((d) => [d.name, value(d)])) as Record<Name, V>;
  const definitions = byKey((d) => d) as CommandCatalog<D[number]>['definitions'];
  if (Object.keys(definitions).length !== list.length) throw new Error('two commands share a name');
  // lifecycle.md, "Business dates": every command carries the date its step happened.
  const undated = list.find((d) => !('occurredOn' in d.input.shape));
  if (undated) throw new Error(`${undated.name}'s body has no occurredOn`);
  const grants = byKey(grantsOf);
  const byKebab: ReadonlyMap<string, Name> = new Map(list.map((d) => [kebabCase(d.name), d.name]));
  return {
    names: list.map((d) => d.name),
    definitions,
    schemas: byKey((d) => d.input) as CommandCatalog<D[number]>['schemas'],
    grants,
    labels: byKey((d) => d.labels),
    fromKebab: (segment) => byKebab.get(segment),
    rolesFor: (name) => [...new Set(grants[name].flatMap((g) => g.roles))],
    grantFor: (name, role, doc) =>
      grants[name].find(
        (g) =>
          g.roles.includes(role) &&
          g.from.includes(doc.stage) &&
          (g.kinds === undefined || g.kinds.includes(doc.kind)) &&
          (g.procedures === undefined || g.procedures.includes(doc.procedure)),
      ),
  };
}
