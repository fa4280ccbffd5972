import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Page, PageQuery, UuidParamPipe } from '@app/common';
import { InboxItem, InboxService } from '@app/notification';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly inbox: InboxService) {}

  @Get()
  @ApiOperation({ summary: '我的消息 / my inbox' })
  list(@Query() query: PageQuery, @CurrentUser() user: AuthenticatedUser): Promise<Page<InboxItem>> {
    return this.inbox.list(user.id, query.page, query.pageSize);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: '标记已读 / mark as read' })
  markRead(
    @Param('id', UuidParamPipe) id: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<InboxItem> {
    return this.inbox.markRead(id, user.id);
  }
}
