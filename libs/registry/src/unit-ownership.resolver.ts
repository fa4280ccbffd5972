import { Injectable } from '@nestjs/common';
import { AuthenticatedUser } from '@app/common';
import { OwnershipResolver, OwnershipResolverFor } from '@app/identity';
import { UnitsService } from './units.service';

/** A unit belongs to the holders of its current right. */
@Injectable()
@OwnershipResolverFor('unit')
export class UnitOwnershipResolver implements OwnershipResolver {
  constructor(private readonly units: UnitsService) {}

  isOwnedBy(unitNumber: string, user: AuthenticatedUser): Promise<boolean> {
    return this.units.isHeldBy(unitNumber, user);
  }
}
