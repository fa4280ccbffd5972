import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';
import type { StoredFile } from './views';

/** A field the server refused, as the error body's `details` names it. */
export interface FieldProblem {
  field: string;
  rule?: string;
  message: string;
}

/** The server's error body `{ statusCode, error, message, details? }`, with the bilingual message as is. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: FieldProblem[],
    readonly details: unknown,
  ) {
    super(message);
  }

  /** The Chinese half of a bilingual message, which is what the UI shows. */
  get chinese(): string {
    return this.message.split(' / ')[0];
  }
}

const TOKEN_KEY = 'wuhai.accessToken';

export const session = {
  token: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  remember: (token: string) => sessionStorage.setItem(TOKEN_KEY, token),
  forget: () => sessionStorage.removeItem(TOKEN_KEY),
};

const bearer: Middleware = {
  onRequest({ request }) {
    const token = session.token();
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
};

/**
 * Paths, path and query parameters and request bodies are typed by `schema.d.ts`, generated from the
 * OpenAPI document (`npm run web:api-types`), so the web cannot call a route or send a field the API does
 * not document. The API documents no response schemas; responses are typed by `views.ts`.
 */
export const http = createClient<paths>({ baseUrl: '' });
http.use(bearer);

function failureOf(response: Response, body: unknown): ApiFailure {
  const error = (body ?? {}) as { message?: unknown; details?: unknown };
  const message =
    typeof error.message === 'string' ? error.message : `请求失败（${response.status}） / request failed`;
  const fields = Array.isArray(error.details)
    ? (error.details as FieldProblem[]).filter((item) => typeof item?.field === 'string')
    : [];
  return new ApiFailure(response.status, message, fields, error.details);
}

/** Awaits an openapi-fetch call and returns its body as `T`, or throws the server's refusal. */
export async function call<T>(
  request: Promise<{ data?: unknown; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await request;
  if (!response.ok) throw failureOf(response, error);
  return data as T;
}

/** A document the API renders (PDF), fetched with the caller's token and handed to the browser as a blob URL. */
export async function fetchDocument(url: string): Promise<string> {
  const token = session.token();
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) {
    const body = await response.json().catch(() => undefined);
    throw failureOf(response, body);
  }
  return URL.createObjectURL(await response.blob());
}

/** Uploads one scan or photo through `POST /api/v1/files` and returns the stored file. */
export async function uploadFile(file: File): Promise<StoredFile> {
  const form = new FormData();
  form.append('file', file, file.name);
  return call(
    http.POST('/api/v1/files', {
      body: form as never,
      bodySerializer: (body: unknown) => body as FormData,
    }),
  );
}
