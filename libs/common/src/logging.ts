import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';

/**
 * Anything shaped like a resident ID (17 digits and a check character) is masked before a log line
 * leaves the process, whatever code path produced it; the redact paths below catch the known fields.
 */
const RESIDENT_ID_PATTERN = /(?<![0-9])([1-9][0-9]{5})[0-9]{8}([0-9]{3}[0-9Xx])(?![0-9A-Za-z])/g;

export function maskResidentIdsInText(text: string): string {
  return text.replace(
    RESIDENT_ID_PATTERN,
    (_match, head: string, tail: string) => `${head}********${tail.slice(-4)}`,
  );
}

/** A caller's X-Request-Id is kept when it is safe to log; otherwise a new one is made. */
export function requestIdFromHeaders(headers: IncomingHttpHeaders): string {
  const incoming = headers['x-request-id'];
  return typeof incoming === 'string' && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
}

export function loggerParams(level: string, destination?: DestinationStream): Params {
  return {
    // Every route, in the path syntax of Nest 11; nestjs-pino's default `*` is the old syntax, which Nest
    // converts with a warning at every start.
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: {
      level,
      // Under Fastify the request already carries the id Fastify assigned; reuse it so both agree.
      genReqId: (request: IncomingMessage) =>
        (request as IncomingMessage & { id?: string }).id ?? requestIdFromHeaders(request.headers),
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.body.password',
          'req.body.idNumber',
          'req.body.party.idNumber',
          '*.idNumber',
          '*.password',
          '*.passwordHash',
        ],
        censor: '[redacted]',
      },
      customLogLevel: (_request, response, error) =>
        error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
      serializers: {
        res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
        req: (request: { id: string; method: string; url: string }) => ({
          id: request.id,
          method: request.method,
          // The public status link carries the receipt's pickup code, which opens the case to whoever reads it.
          url: maskResidentIdsInText(request.url).replace(/([?&]code=)[^&]*/g, '$1[redacted]'),
        }),
      },
      hooks: { streamWrite: maskResidentIdsInText },
      ...(destination ? { stream: destination } : {}),
    },
  };
}
