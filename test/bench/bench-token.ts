import { readFileSync } from 'node:fs';
import { SignJWT } from 'jose';

/** The HS256 secret the bench's API and bare server both verify with. */
export const BARE_SECRET = 'bench-secret-that-is-long-enough-for-hs256-0123456789';
export const BENCH_JWT = {
  secret: BARE_SECRET,
  jwksUrl: undefined,
  issuer: 'draftline',
  audience: 'draftline-api',
};

/** A two-hour token for a bench user, as `npm run token` signs one. */
export function benchToken(user: { sub: string; agency: string; roles: string[] }): Promise<string> {
  return new SignJWT({ agency: user.agency, roles: user.roles })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(user.sub)
    .setIssuer(BENCH_JWT.issuer)
    .setAudience(BENCH_JWT.audience)
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(new TextEncoder().encode(BARE_SECRET));
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
export function cpuSecondsOf(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    // Fields after the command name (which may hold spaces): utime is the 12th, stime the 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}
