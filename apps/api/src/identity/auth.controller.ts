import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { AuthenticatedUser, CurrentUser, SkipIdempotency } from '@app/common';
import { AuthService, LoginResult, Public, UsersService, UserView } from '@app/identity';
import { LoginDto, RegisterDto } from './identity.dto';

@ApiTags('identity')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Post('register')
  @Public()
  @ApiOperation({ summary: '持证人自助注册 / holder self-registration' })
  register(@Body() body: RegisterDto): Promise<UserView> {
    return this.users.registerHolder({
      username: body.username,
      password: body.password,
      displayName: body.displayName,
      party: body.party.toInput(),
    });
  }

  @Post('login')
  @Public()
  @HttpCode(200)
  @UseGuards(ThrottlerGuard)
  @Throttle({ login: {} })
  @SkipIdempotency()
  @ApiOperation({ summary: '登录 / log in; rate-limited, and locks the account after repeated failures' })
  login(@Body() body: LoginDto): Promise<LoginResult> {
    return this.auth.login(body.username, body.password);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: '当前用户 / the calling user' })
  me(@CurrentUser() user: AuthenticatedUser): Promise<UserView> {
    return this.users.findView(user.id);
  }
}
