import { z } from 'zod';
import { ROLES, type Actor, type Role } from '#drafting';

/** Claims Draftline reads from a bearer token. */
export const claimsSchema = z.object({
  sub: z.string().min(1).max(128),
  name: z.string().max(200).optional(),
  agency: z.string().min(1).max(64),
  roles: z.array(z.enum(ROLES as [Role, ...Role[]])).min(1),
});

export interface Principal extends Actor {
  readonly name?: string;
}

export const principalFromClaims = (claims: unknown): Principal | undefined => {
  const parsed = claimsSchema.safeParse(claims);
  if (!parsed.success) return undefined;
  const { sub, name, agency, roles } = parsed.data;
  return { userId: sub, name, agency, roles };
};

/** Just who the token names (with a user directory, nothing else in it counts). */
export const identityFromClaims = (claims: unknown): { sub: string } | undefined => {
  const parsed = claimsSchema.pick({ sub: true }).safeParse(claims);
  return parsed.success ? { sub: parsed.data.sub } : undefined;
};
