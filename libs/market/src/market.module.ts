import { Global, Module } from '@nestjs/common';
import { AnnouncementsService } from './announcements.service';
import { BiddingService } from './bidding.service';
import { ClosingService } from './closing.service';
import { ListingSearchService } from './listing-search.service';
import { ListingTransitions } from './listing-transitions';
import { ListingsService } from './listings.service';
import { StatisticsService } from './statistics.service';

const SERVICES = [
  AnnouncementsService,
  BiddingService,
  ClosingService,
  ListingSearchService,
  ListingTransitions,
  ListingsService,
  StatisticsService,
];

@Global()
@Module({ providers: SERVICES, exports: SERVICES })
export class MarketModule {}
