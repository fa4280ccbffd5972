import {
  CallHandler,
  ExecutionContext,
  Injectable,
  Logger,
  NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { AuthenticatedUser } from '../authenticated-user';
import { createHmac } from 'node:crypto';
import { PiiConfig } from '@app/config';
import { canonicalJson } from '../canonical-json';
import { ApiError } from '../http/api-error';
import { toErrorBody } from '../http/error-body';

const KEY_HEADER = 'idempotency-key';
const NOT_IDEMPOTENT = 'idempotency:skip';

/** For POSTs that create nothing (login): their bodies and responses carry credentials and must not be stored. */
export const SkipIdempotency = (): MethodDecorator => SetMetadata(NOT_IDEMPOTENT, true);
const RETENTION_HOURS = 24;

interface StoredKey {
  request_hash: string;
  state: 'in_progress' | 'completed';
  response_status: number | null;
  response_body: unknown;
}

/**
 * Replays the first response for a repeated `Idempotency-Key` on a POST. Keys are scoped per user so
 * one client can never read another's stored response; 5xx outcomes are not stored, so a retry runs again.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger(IdempotencyInterceptor.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reflector: Reflector,
    private readonly pii: PiiConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & { user?: AuthenticatedUser }>();
    const rawKey = request.headers[KEY_HEADER];
    if (request.method !== 'POST' || rawKey === undefined) return next.handle();
    if (this.reflector.get<boolean>(NOT_IDEMPOTENT, context.getHandler())) return next.handle();
    return from(this.handle(request, http.getResponse<FastifyReply>(), rawKey, next));
  }

  private async handle(
    request: FastifyRequest & { user?: AuthenticatedUser },
    reply: FastifyReply,
    rawKey: string | string[],
    next: CallHandler,
  ): Promise<unknown> {
    const key = Array.isArray(rawKey) ? rawKey[0] : rawKey;
    if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
      throw ApiError.invalidField('Idempotency-Key', 'format', {
        zh: '幂等键必须是 1–200 个可见 ASCII 字符',
        en: 'must be 1–200 printable ASCII characters',
      });
    }
    // Anonymous callers are told apart by address, so one client's key can never replay to another.
    const scope = request.user ? `user:${request.user.id}` : `anonymous:${request.ip}`;
    const path = request.routeOptions.url ?? request.url;
    // Keyed, because request bodies may hold passwords: a plain hash stored here could be cracked offline.
    const requestHash = createHmac('sha256', this.pii.hmacKey)
      .update(`idempotency\n${request.method} ${request.url}\n${canonicalJson(request.body ?? null)}`)
      .digest('hex');

    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO idempotency_key (scope, key, method, path, request_hash, state, expires_at)
       VALUES ($1, $2, $3, $4, $5, 'in_progress', now() + make_interval(hours => $6))
       ON CONFLICT (scope, key) DO NOTHING RETURNING key`,
      [scope, key, request.method, path, requestHash, RETENTION_HOURS],
    );
    if (inserted.length === 0) return this.replay(scope, key, requestHash, reply);

    let body: unknown;
    try {
      body = await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (error) {
      const errorBody = toErrorBody(error);
      if (errorBody.statusCode < 500) {
        await this.complete(scope, key, errorBody.statusCode, errorBody);
      } else {
        await this.dataSource.query(`DELETE FROM idempotency_key WHERE scope = $1 AND key = $2`, [
          scope,
          key,
        ]);
      }
      throw error;
    }
    await this.complete(scope, key, reply.statusCode, body ?? null);
    return body;
  }

  /**
   * The work has already committed when this runs; if storing the response fails, the key stays in
   * progress (a retry gets 409, never a second execution) and the failure is logged.
   */
  private async complete(scope: string, key: string, status: number, body: unknown): Promise<void> {
    await this.dataSource
      .query(
        `UPDATE idempotency_key SET state = 'completed', response_status = $3, response_body = $4
         WHERE scope = $1 AND key = $2`,
        [scope, key, status, JSON.stringify(body)],
      )
      .catch((error: unknown) =>
        this.logger.error(`Could not store the response for idempotency key ${key}: ${String(error)}`),
      );
  }

  private async replay(
    scope: string,
    key: string,
    requestHash: string,
    reply: FastifyReply,
  ): Promise<unknown> {
    const rows: StoredKey[] = await this.dataSource.query(
      `SELECT request_hash, state, response_status, response_body FROM idempotency_key WHERE scope = $1 AND key = $2`,
      [scope, key],
    );
    const stored = rows[0];
    if (!stored) {
      throw ApiError.conflict({
        zh: '同一幂等键的请求刚刚结束，请重试',
        en: 'A request with this key just ended; retry',
      });
    }
    if (stored.request_hash !== requestHash) {
      throw ApiError.unprocessable({
        zh: '该幂等键已用于另一个不同的请求',
        en: 'This Idempotency-Key was already used with a different request',
      });
    }
    if (stored.state === 'in_progress' || stored.response_status === null) {
      throw ApiError.conflict({
        zh: '使用该幂等键的请求仍在处理中',
        en: 'A request with this Idempotency-Key is still being processed',
      });
    }
    void reply.status(stored.response_status).header('Idempotent-Replayed', 'true');
    return stored.response_body;
  }
}
