import { Controller, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiError, SkipIdempotency } from '@app/common';
import { AppConfig } from '@app/config';
import { AuthService, bearerToken, Roles, UNAUTHENTICATED } from '@app/identity';
import { QUEUE_DASHBOARD_COOKIE, QUEUE_DASHBOARD_PATH, queueDashboardCookie } from './queue-dashboard';

@ApiTags('system')
@ApiBearerAuth()
@Controller('admin/queues')
export class QueueDashboardController {
  constructor(
    private readonly auth: AuthService,
    private readonly config: AppConfig,
  ) {}

  @Post('session')
  @HttpCode(204)
  @Roles('admin')
  @SkipIdempotency()
  @ApiOperation({
    summary: '打开队列看板 / open the queue dashboard (admin)',
    description:
      `Puts the caller's access token into an HttpOnly cookie (SameSite=Strict, Path=${QUEUE_DASHBOARD_PATH}, ` +
      'Secure in production) that expires with the token, so a browser can then navigate to ' +
      `${QUEUE_DASHBOARD_PATH}, the BullMQ dashboard, which it would otherwise open without credentials.`,
  })
  @ApiNoContentResponse({
    description: 'The cookie is set.',
    headers: {
      'Set-Cookie': {
        description: `${QUEUE_DASHBOARD_COOKIE}=<access token>; Max-Age=<seconds the token has left>; Path=${QUEUE_DASHBOARD_PATH}; HttpOnly; SameSite=Strict`,
        schema: { type: 'string' },
      },
    },
  })
  async openSession(
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    // The guard has accepted this very token; verifying it again yields its expiry for the cookie.
    const token = authorization ? bearerToken(authorization) : undefined;
    const verified = token ? await this.auth.verifyAccessToken(token) : undefined;
    if (!token || !verified) throw ApiError.unauthorized(UNAUTHENTICATED);
    const secondsLeft = (verified.expiresAt.getTime() - Date.now()) / 1000;
    void reply.header(
      'Set-Cookie',
      queueDashboardCookie(token, secondsLeft, this.config.nodeEnv === 'production'),
    );
  }
}
