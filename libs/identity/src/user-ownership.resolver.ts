import { Injectable } from '@nestjs/common';
import { AuthenticatedUser } from '@app/common';
import { OwnershipResolverFor } from './decorators';
import { OwnershipResolver } from './ownership';

/** A user account belongs to its own user. */
@Injectable()
@OwnershipResolverFor('user')
export class UserOwnershipResolver implements OwnershipResolver {
  async isOwnedBy(resourceId: string, user: AuthenticatedUser): Promise<boolean> {
    return resourceId === user.id;
  }
}
