import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Page } from '@app/common';
import { Public } from '@app/identity';
import { AnnouncementsService, AnnouncementView } from '@app/market';
import { AnnouncementListQuery } from './market-reports.dto';

@ApiTags('market')
@Controller('announcements')
export class AnnouncementsController {
  constructor(private readonly announcements: AnnouncementsService) {}

  @Get()
  @Public()
  @ApiOperation({
    summary:
      '成交公示 / deal announcements of recorded transfers and leases in their period, newest first (public)',
  })
  list(@Query() query: AnnouncementListQuery): Promise<Page<AnnouncementView>> {
    return this.announcements.list(query);
  }
}
