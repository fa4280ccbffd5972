import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, UuidParamPipe } from '@app/common';
import { actorOf, Public, Roles } from '@app/identity';
import { AcceptanceWindow, WindowsService } from '@app/registry';
import { CreateWindowDto, UpdateWindowDto, WindowListQuery } from './windows.dto';

@ApiTags('windows')
@ApiBearerAuth()
@Controller('windows')
export class WindowsController {
  constructor(private readonly windows: WindowsService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: '受理窗口 / the acceptance windows with address and opening hours (public)' })
  list(@Query() query: WindowListQuery): Promise<AcceptanceWindow[]> {
    return this.windows.list(query.includeInactive === 'true');
  }

  @Get(':id')
  @Public()
  @ApiOperation({ summary: '受理窗口详情 / one window (public)' })
  get(@Param('id', UuidParamPipe) id: string): Promise<AcceptanceWindow> {
    return this.windows.get(id);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: '新增受理窗口 / add a window (admin)' })
  create(@Body() body: CreateWindowDto, @CurrentUser() user: AuthenticatedUser): Promise<AcceptanceWindow> {
    return this.windows.create(body, actorOf(user));
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({
    summary: '修改或停用受理窗口 / change or deactivate a window (admin); 409 when the version is stale',
  })
  update(
    @Param('id', UuidParamPipe) id: string,
    @Body() body: UpdateWindowDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AcceptanceWindow> {
    const { version, reason, ...changes } = body;
    return this.windows.update(id, version, changes, actorOf(user), reason);
  }
}
