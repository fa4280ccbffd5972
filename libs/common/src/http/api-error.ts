import { HttpException, HttpStatus } from '@nestjs/common';
import { Bilingual, render } from '../bilingual';

export interface FieldProblem {
  field: string;
  rule: string;
  message: string;
}

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: Record<string, unknown> | FieldProblem[];
}

const REASON_PHRASES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function reasonPhrase(status: number): string {
  return REASON_PHRASES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}

/** Every deliberate error of the platform: the status, a bilingual message and optional details. */
export class ApiError extends HttpException {
  constructor(status: HttpStatus, message: Bilingual, details?: ErrorBody['details']) {
    const body: ErrorBody = { statusCode: status, error: reasonPhrase(status), message: render(message) };
    if (details !== undefined) body.details = details;
    super(body, status);
  }

  static badRequest(message: Bilingual, details?: ErrorBody['details']): ApiError {
    return new ApiError(HttpStatus.BAD_REQUEST, message, details);
  }

  static invalidField(field: string, rule: string, message: Bilingual): ApiError {
    return new ApiError(
      HttpStatus.BAD_REQUEST,
      { zh: `请求参数有误：${field}`, en: `Invalid request: ${field}` },
      [{ field, rule, message: render(message) }],
    );
  }

  static unauthorized(message: Bilingual): ApiError {
    return new ApiError(HttpStatus.UNAUTHORIZED, message);
  }

  static forbidden(message: Bilingual, details?: ErrorBody['details']): ApiError {
    return new ApiError(HttpStatus.FORBIDDEN, message, details);
  }

  static notFound(message: Bilingual): ApiError {
    return new ApiError(HttpStatus.NOT_FOUND, message);
  }

  static conflict(message: Bilingual, details?: ErrorBody['details']): ApiError {
    return new ApiError(HttpStatus.CONFLICT, message, details);
  }

  static unprocessable(message: Bilingual, details?: ErrorBody['details']): ApiError {
    return new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, message, details);
  }
}
