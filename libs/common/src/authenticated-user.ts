import { createParamDecorator, ExecutionContext } from '@nestjs/common';

export const ROLES = ['holder', 'clerk', 'reviewer', 'registrar', 'admin', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** What the guard attaches to a request after checking the token against the user row. */
export interface AuthenticatedUser {
  id: string;
  username: string;
  roles: Role[];
  partyId: string | null;
  districts: string[];
  /** The window a clerk sits at; null for everyone else. */
  windowId: string | null;
}

export function hasAnyRole(user: AuthenticatedUser | undefined, roles: readonly Role[]): boolean {
  return !!user && user.roles.some((role) => roles.includes(role));
}

export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedUser | undefined =>
    context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>().user,
);
