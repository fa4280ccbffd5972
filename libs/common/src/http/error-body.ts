import { HttpException } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { render } from '../bilingual';
import { ErrorBody, reasonPhrase } from './api-error';

const GENERIC_MESSAGES: Record<number, { zh: string; en: string }> = {
  400: { zh: '请求有误', en: 'Bad request' },
  401: { zh: '未登录或登录已失效', en: 'Authentication required' },
  403: { zh: '无权执行此操作', en: 'Not allowed' },
  404: { zh: '未找到', en: 'Not found' },
  405: { zh: '不支持的请求方法', en: 'Method not allowed' },
  409: { zh: '与现有数据冲突', en: 'Conflicts with existing data' },
  413: { zh: '请求内容过大', en: 'Request body too large' },
  415: { zh: '不支持的内容类型', en: 'Unsupported content type' },
  422: { zh: '无法处理的请求', en: 'Unprocessable request' },
  429: { zh: '请求过于频繁，请稍后再试', en: 'Too many requests, try again later' },
  500: { zh: '服务器内部错误', en: 'Internal server error' },
  503: { zh: '服务暂不可用，请稍后再试', en: 'Service temporarily unavailable, try again later' },
};

export function genericMessage(status: number): string {
  return render(GENERIC_MESSAGES[status] ?? GENERIC_MESSAGES[status >= 500 ? 500 : 400]);
}

/** SQLSTATE classes that mean the database is unreachable or restarting, not that the request is wrong. */
/**
 * Connection failures, shutdown, resource exhaustion, and a statement cancelled by the statement timeout or a
 * lock wait: the request may succeed later, so it is a 503 with Retry-After, never a 500.
 */
// A deadlock or serialization failure is transient: the client's retry succeeds, so it is a 503, not a fault.
const UNAVAILABLE_SQLSTATES = /^(08|57P0[1-3]|53|57014$|55P03$|40001$|40P01$)/;
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND']);

export function isServiceUnavailableError(error: unknown): boolean {
  const candidate = error as { code?: unknown; message?: unknown; driverError?: { code?: unknown } };
  const code = candidate?.driverError?.code ?? candidate?.code;
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.test(code) || UNAVAILABLE_NODE_CODES.has(code)))
    return true;
  const message = typeof candidate?.message === 'string' ? candidate.message : '';
  return /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED|Client has encountered a connection error/i.test(
    message,
  );
}

/** Values a client can send that PostgreSQL rejects as data, not as a fault of ours. */
const INVALID_INPUT_SQLSTATES = new Set([
  '22P02',
  '22001',
  '22003',
  '22007',
  '22008',
  '22023',
  '22021',
  '23514',
]);

export function toErrorBody(exception: unknown): ErrorBody {
  if (exception instanceof ThrottlerException) {
    return { statusCode: 429, error: reasonPhrase(429), message: genericMessage(429) };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    if (
      typeof response === 'object' &&
      response !== null &&
      'statusCode' in response &&
      'message' in response
    ) {
      const body = response as Partial<ErrorBody>;
      if (typeof body.message === 'string' && body.message.includes(' / ')) {
        return {
          statusCode: status,
          error: reasonPhrase(status),
          message: body.message,
          details: body.details,
        };
      }
    }
    const original = typeof response === 'string' ? response : (response as { message?: unknown }).message;
    const detail = typeof original === 'string' && !original.includes(' / ') ? `: ${original}` : '';
    const details =
      typeof response === 'object' ? (response as { details?: ErrorBody['details'] }).details : undefined;
    return {
      statusCode: status,
      error: reasonPhrase(status),
      message: `${genericMessage(status)}${detail}`,
      ...(details ? { details } : {}),
    };
  }
  if (isServiceUnavailableError(exception)) {
    return { statusCode: 503, error: reasonPhrase(503), message: genericMessage(503) };
  }
  const code = (exception as { driverError?: { code?: unknown } })?.driverError?.code;
  if (code === '23505') return { statusCode: 409, error: reasonPhrase(409), message: genericMessage(409) };
  if (typeof code === 'string' && INVALID_INPUT_SQLSTATES.has(code)) {
    return { statusCode: 400, error: reasonPhrase(400), message: genericMessage(400) };
  }
  const fastifyStatus = (exception as { statusCode?: unknown })?.statusCode;
  if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
    return {
      statusCode: fastifyStatus,
      error: reasonPhrase(fastifyStatus),
      message: genericMessage(fastifyStatus),
    };
  }
  return { statusCode: 500, error: reasonPhrase(500), message: genericMessage(500) };
}
