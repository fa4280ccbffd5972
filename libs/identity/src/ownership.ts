import { AuthenticatedUser } from '@app/common';

/** Implemented once per resource kind (user, unit, application, file …) and found by the ownership guard. */
export interface OwnershipResolver {
  isOwnedBy(resourceId: string, user: AuthenticatedUser): Promise<boolean>;
}
