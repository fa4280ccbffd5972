import { SetMetadata } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Role } from '@app/common';

export const IS_PUBLIC = 'identity:isPublic';
export const REQUIRED_ROLES = 'identity:requiredRoles';
export const OWNERSHIP_RULE = 'identity:ownership';

/** Reachable without a token (public portal, login, registration, health). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** The caller needs at least one of these roles. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_ROLES, roles);

export interface OwnershipRule {
  resource: string;
  param: string;
  /** Roles that may act on any resource of this kind without owning it. */
  bypassRoles: Role[];
}

/**
 * The caller must own the resource named by route parameter `param`, unless they hold a bypass role.
 * A resource the caller may not see answers 404, so ids of other people's resources cannot be probed.
 */
export const RequireOwnership = (
  resource: string,
  param: string,
  bypassRoles: Role[] = [],
): MethodDecorator => SetMetadata(OWNERSHIP_RULE, { resource, param, bypassRoles } satisfies OwnershipRule);

/** Marks a provider as the ownership check for one kind of resource. */
export const OwnershipResolverFor = DiscoveryService.createDecorator<string>();
