import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardAdapter } from '@bull-board/fastify';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, hasAnyRole, Role, toErrorBody } from '@app/common';
import { AuthService, bearerToken, roleForbidden, UNAUTHENTICATED } from '@app/identity';
import { QueueRegistry } from '@app/queue';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';
export const QUEUE_DASHBOARD_COOKIE = 'queue_dashboard_token';

const DASHBOARD_ROLES: readonly Role[] = ['admin'];
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The value of one cookie of a `Cookie` request header (`a=1; b=2`), or `undefined`. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const pair of header?.split(';') ?? []) {
    const separator = pair.indexOf('=');
    if (separator > 0 && pair.slice(0, separator).trim() === name) {
      return pair.slice(separator + 1).trim() || undefined;
    }
  }
  return undefined;
}

/** The `Set-Cookie` value that lets a browser open the dashboard with the caller's access token. */
export function queueDashboardCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${QUEUE_DASHBOARD_COOKIE}=${token}`,
    `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`,
    `Path=${QUEUE_DASHBOARD_PATH}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

/**
 * bull-board at /admin/queues, for administrators only. It is a Fastify plugin outside Nest's routing, so
 * the global AuthGuard never sees its requests: the hook below authenticates them through the same
 * `AuthService.verifyAccessToken` the guard uses, from the Bearer header or, for a browser that navigates
 * to the page and so sends no header, from the HttpOnly cookie that `POST /api/v1/admin/queues/session` sets.
 * Refusals take the platform's error shape. Helmet's CSP needs no exception: the UI's scripts, styles and
 * web worker are served from this prefix (same origin), and only its Google Fonts stylesheet is blocked,
 * which leaves the default font.
 */
export async function mountQueueDashboard(app: NestFastifyApplication): Promise<void> {
  const auth = app.get(AuthService);
  const queues = app.get(QueueRegistry).all();
  const logger = new Logger('QueueDashboard');

  const serverAdapter = new BullBoardAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Wuhai queues' } },
  });

  async function refuseUnlessAdmin(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    try {
      const header = request.headers.authorization;
      const fromCookie = header === undefined;
      const token = fromCookie
        ? cookieValue(request.headers.cookie, QUEUE_DASHBOARD_COOKIE)
        : bearerToken(header);
      const verified = token ? await auth.verifyAccessToken(token) : undefined;
      if (!verified) throw ApiError.unauthorized(UNAUTHENTICATED);
      if (!hasAnyRole(verified.user, DASHBOARD_ROLES)) throw roleForbidden(DASHBOARD_ROLES);
      // SameSite=Strict keeps other sites' requests cookie-less; this also refuses sibling subdomains
      // (same site, other origin) that try the dashboard's state-changing routes with the cookie.
      const fetchSite = request.headers['sec-fetch-site'];
      if (fromCookie && !SAFE_METHODS.has(request.method) && fetchSite && fetchSite !== 'same-origin') {
        throw ApiError.forbidden({ zh: '拒绝跨站请求', en: 'Cross-site request refused' });
      }
      return undefined;
    } catch (error) {
      const body = toErrorBody(error);
      if (body.statusCode >= 500) {
        logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      }
      if (body.statusCode === 503) void reply.header('Retry-After', '5');
      return reply.code(body.statusCode).send(body);
    }
  }

  await app.register(
    async (scope: FastifyInstance) => {
      scope.addHook('onRequest', refuseUnlessAdmin);
      await scope.register(serverAdapter.registerPlugin());
    },
    { prefix: QUEUE_DASHBOARD_PATH },
  );
}
