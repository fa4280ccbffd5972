import { CanActivate, ExecutionContext, Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ApiError, AuthenticatedUser, hasAnyRole, Role } from '@app/common';
import { AuthService } from './auth.service';
import { IS_PUBLIC, OWNERSHIP_RULE, OwnershipResolverFor, OwnershipRule, REQUIRED_ROLES } from './decorators';
import { OwnershipResolver } from './ownership';

export const UNAUTHENTICATED = { zh: '未登录或登录已失效', en: 'Authentication required' };

/** The 403 of a caller whose roles include none of those required. */
export function roleForbidden(requiredRoles: readonly Role[]): ApiError {
  return ApiError.forbidden(
    { zh: '当前角色无权执行此操作', en: 'Your role does not allow this action' },
    { requiredRoles: [...requiredRoles] },
  );
}

/** The token of an `Authorization: Bearer <token>` header; `undefined` when the header has another form. */
export function bearerToken(header: string): string | undefined {
  const [scheme, token] = header.split(' ');
  return scheme === 'Bearer' && token ? token : undefined;
}

/**
 * Global guard: every route needs a valid token unless marked @Public. The user row is read on every
 * request, so deactivating a user or changing roles takes effect at once, not when the token expires.
 */
@Injectable()
export class AuthGuard implements CanActivate, OnModuleInit {
  private readonly resolvers = new Map<string, OwnershipResolver>();

  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly discovery: DiscoveryService,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders({ metadataKey: OwnershipResolverFor.KEY })) {
      const resource = this.discovery.getMetadataByDecorator(OwnershipResolverFor, wrapper);
      if (resource && wrapper.instance) this.resolvers.set(resource, wrapper.instance as OwnershipResolver);
    }
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthenticatedUser }>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets);
    const user = await this.authenticate(request, !isPublic);
    if (user) request.user = user;
    if (isPublic) return true;
    if (!user) throw ApiError.unauthorized(UNAUTHENTICATED);

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !hasAnyRole(user, roles)) throw roleForbidden(roles);
    const ownership = this.reflector.get<OwnershipRule | undefined>(OWNERSHIP_RULE, context.getHandler());
    if (ownership && !hasAnyRole(user, ownership.bypassRoles)) {
      const resolver = this.resolvers.get(ownership.resource);
      if (!resolver) throw new Error(`No ownership resolver for "${ownership.resource}"`);
      const resourceId = (request.params as Record<string, string>)[ownership.param];
      if (!(await resolver.isOwnedBy(resourceId, user))) {
        throw ApiError.notFound({ zh: '未找到该资源', en: 'Not found' });
      }
    }
    return true;
  }

  /** A bad token on a public route is ignored rather than refused: the public portal must stay usable. */
  private async authenticate(
    request: FastifyRequest,
    strict: boolean,
  ): Promise<AuthenticatedUser | undefined> {
    const header = request.headers.authorization;
    if (!header) return undefined;
    const token = bearerToken(header);
    const verified = token ? await this.auth.verifyAccessToken(token) : undefined;
    if (!verified && strict) throw ApiError.unauthorized(UNAUTHENTICATED);
    return verified?.user;
  }
}
