import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Page, PageQuery, UuidParamPipe } from '@app/common';
import { actorOf, RequireOwnership, Roles, UsersService, UserView } from '@app/identity';
import { CreateUserDto, DeactivateUserDto } from './identity.dto';

@ApiTags('identity')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: '创建工作人员账户 / create a staff account (admin)' })
  create(@Body() body: CreateUserDto, @CurrentUser() admin: AuthenticatedUser): Promise<UserView> {
    return this.users.createStaff(
      {
        username: body.username,
        password: body.password,
        displayName: body.displayName,
        roles: body.roles,
        districts: body.districts ?? [],
        windowId: body.windowId ?? null,
      },
      actorOf(admin),
    );
  }

  @Get()
  @Roles('admin', 'auditor')
  @ApiOperation({ summary: '用户列表 / list users (admin, auditor)' })
  list(@Query() query: PageQuery): Promise<Page<UserView>> {
    return this.users.list(query.page, query.pageSize);
  }

  @Get(':id')
  @RequireOwnership('user', 'id', ['admin', 'auditor'])
  @ApiOperation({ summary: '查看用户 / a user (themselves, admin or auditor)' })
  get(@Param('id', UuidParamPipe) id: string): Promise<UserView> {
    return this.users.findView(id);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: '停用账户 / deactivate a user (admin)' })
  deactivate(
    @Param('id', UuidParamPipe) id: string,
    @Body() body: DeactivateUserDto,
    @CurrentUser() admin: AuthenticatedUser,
  ): Promise<UserView> {
    return this.users.deactivate(id, actorOf(admin), body.reason);
  }
}
