import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { AuthenticatedUser } from '../authenticated-user';
import { canonicalJson, sha256Hex } from '../canonical-json';
import { ApiError } from '../http/api-error';
import { toErrorBody } from '../http/error-body';

const KEY_HEADER = 'idempotency-key';
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
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & { user?: AuthenticatedUser }>();
    const rawKey = request.headers[KEY_HEADER];
    if (request.method !== 'POST' || rawKey === undefined) return next.handle();
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
    const scope = request.user ? `user:${request.user.id}` : 'anonymous';
    const path = request.routeOptions.url ?? request.url;
    const requestHash = sha256Hex(`${request.method} ${request.url}\n${canonicalJson(request.body ?? null)}`);

    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO idempotency_key (scope, key, method, path, request_hash, state, expires_at)
       VALUES ($1, $2, $3, $4, $5, 'in_progress', now() + make_interval(hours => $6))
       ON CONFLICT (scope, key) DO NOTHING RETURNING key`,
      [scope, key, request.method, path, requestHash, RETENTION_HOURS],
    );
    if (inserted.length === 0) return this.replay(scope, key, requestHash, reply);

    try {
      const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
      await this.complete(scope, key, reply.statusCode, body ?? null);
      return body;
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
  }

  private async complete(scope: string, key: string, status: number, body: unknown): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_key SET state = 'completed', response_status = $3, response_body = $4
       WHERE scope = $1 AND key = $2`,
      [scope, key, status, JSON.stringify(body)],
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
