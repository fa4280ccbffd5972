import { existsSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import multipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AllExceptionsFilter, createValidationPipe, requestIdFromHeaders } from '@app/common';
import { loadConfiguration } from '@app/config';
import { ApiModule, ApiModuleOptions } from './api.module';
import { openApiDocument } from './openapi';
import { mountQueueDashboard } from './system/queue-dashboard';

export const API_PREFIX = 'api/v1';

/**
 * The web front end is static files on the API's own origin, so the browser needs no CORS and the
 * cookies and tokens of the API apply as they are. Without a build the API runs alone.
 */
async function serveWebFrontEnd(app: NestFastifyApplication, webRoot: string): Promise<void> {
  const root = path.resolve(webRoot);
  if (!existsSync(path.join(root, 'index.html'))) return;
  await app.register(fastifyStatic, { root, prefix: '/', wildcard: false, index: 'index.html' });
  // The front end routes in the browser; a reload or a shared link on one of its pages gets the same page.
  const fastify = app.getHttpAdapter().getInstance();
  for (const route of WEB_CLIENT_ROUTES) {
    fastify.get(route, (_request, reply) => reply.sendFile('index.html'));
  }
}

/** The front end's own paths (apps/web/src/App.tsx); everything else is the API, files or a 404. */
const WEB_CLIENT_ROUTES = [
  '/login',
  '/register',
  '/listings/:id',
  '/announcements',
  '/verify',
  '/verify/:number',
  '/statistics',
  ...['/holder', '/window', '/review', '/admin'].flatMap((root) => [root, `${root}/*`]),
];

/** Shared by `main.ts` and the integration tests, so tests exercise exactly what production runs. */
export async function createApiApp(options: ApiModuleOptions = {}): Promise<NestFastifyApplication> {
  const { app: appConfig, storage } = loadConfiguration();
  const adapter = new FastifyAdapter({
    bodyLimit: 1024 * 1024,
    trustProxy: appConfig.trustedProxyHops > 0 ? appConfig.trustedProxyHops : false,
    genReqId: (request: IncomingMessage) => requestIdFromHeaders(request.headers),
  });
  adapter.getInstance().addHook('onRequest', (request, reply, done) => {
    void reply.header('X-Request-Id', request.id);
    done();
  });
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(options), adapter, {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.enableShutdownHooks();

  await app.register(multipart, { limits: { fileSize: storage.fileMaxBytes, files: 1, fields: 5 } });
  // Helmet is built once here: the Fastify plugin rebuilds it, directives and all, on every request.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        // Scans and certificates are previewed in the page from blob URLs the front end fetched with its token.
        frameSrc: ["'self'", 'blob:'],
      },
    },
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) =>
      securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined)),
    );

  await serveWebFrontEnd(app, appConfig.webRoot);

  // bull-board is a Fastify plugin, not a Nest controller, so it is mounted here, after helmet, and checks
  // admin tokens itself: the global guard never runs for routes outside Nest.
  await mountQueueDashboard(app);

  const document = openApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
