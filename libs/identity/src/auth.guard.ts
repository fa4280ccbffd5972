import { CanActivate, ExecutionContext, Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { ApiError, AuthenticatedUser, hasAnyRole, Role } from '@app/common';
import { IS_PUBLIC, OWNERSHIP_RULE, OwnershipResolverFor, OwnershipRule, REQUIRED_ROLES } from './decorators';
import { OwnershipResolver } from './ownership';

export interface AccessTokenClaims {
  sub: string;
  username: string;
}

const UNAUTHENTICATED = { zh: '未登录或登录已失效', en: 'Authentication required' };

/**
 * Global guard: every route needs a valid token unless marked @Public. The user row is read on every
 * request, so deactivating a user or changing roles takes effect at once, not when the token expires.
 */
@Injectable()
export class AuthGuard implements CanActivate, OnModuleInit {
  private readonly resolvers = new Map<string, OwnershipResolver>();

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly discovery: DiscoveryService,
    @InjectDataSource() private readonly dataSource: DataSource,
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
    if (roles && !hasAnyRole(user, roles)) {
      throw ApiError.forbidden(
        { zh: '当前角色无权执行此操作', en: 'Your role does not allow this action' },
        { requiredRoles: roles },
      );
    }
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
    const [scheme, token] = header.split(' ');
    if (scheme !== 'Bearer' || !token) {
      if (strict) throw ApiError.unauthorized(UNAUTHENTICATED);
      return undefined;
    }
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(token);
    } catch {
      if (strict) throw ApiError.unauthorized(UNAUTHENTICATED);
      return undefined;
    }
    const [row]: {
      id: string;
      username: string;
      roles: Role[];
      party_id: string | null;
      districts: string[];
    }[] = await this.dataSource.query(
      `SELECT id, username, roles, party_id, districts FROM app_user WHERE id = $1 AND active`,
      [claims.sub],
    );
    if (!row) {
      if (strict) throw ApiError.unauthorized(UNAUTHENTICATED);
      return undefined;
    }
    return {
      id: row.id,
      username: row.username,
      roles: row.roles,
      partyId: row.party_id,
      districts: row.districts,
    };
  }
}
