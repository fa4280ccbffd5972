import { Global, Module } from '@nestjs/common';
import { BenchmarkPricesService } from './benchmark-prices.service';
import { CalendarService } from './calendar.service';
import { RestrictionsService } from './restrictions.service';
import { SettingsService } from './settings.service';
import { UnitOwnershipResolver } from './unit-ownership.resolver';
import { UnitsService } from './units.service';

@Global()
@Module({
  providers: [
    CalendarService,
    SettingsService,
    UnitsService,
    RestrictionsService,
    BenchmarkPricesService,
    UnitOwnershipResolver,
  ],
  exports: [CalendarService, SettingsService, UnitsService, RestrictionsService, BenchmarkPricesService],
})
export class RegistryModule {}
