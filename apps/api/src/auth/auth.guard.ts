import {
  CanActivate,
  ExecutionContext,
  Injectable,
  SetMetadata,
  UnauthorizedException,
  createParamDecorator,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { TokenService } from './token.service.js';
import type { Principal } from './principal.js';

const PUBLIC = 'draftline:public';
/** Marks a route that needs no token (health, OpenAPI). Everything else does. */
export const Public = () => SetMetadata(PUBLIC, true);

type AuthedRequest = Request & { principal?: Principal };

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly tokens: TokenService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, [context.getHandler(), context.getClass()]))
      return true;
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const principal = await this.tokens.principalOf(request);
    if (!principal) throw new UnauthorizedException('A valid bearer token is required');
    request.principal = principal;
    return true;
  }
}

/** The authenticated caller, set by {@link AuthGuard}. */
export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthedRequest>().principal;
  if (!principal) throw new UnauthorizedException('A valid bearer token is required');
  return principal;
});
