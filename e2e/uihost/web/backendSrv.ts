// Grafana's BackendSrv for the host: fetch() against the uihost server, which answers as Grafana does.
import type { BackendSrv, BackendSrvRequest, FetchError, FetchResponse } from '@grafana/runtime';
import { Observable, lastValueFrom } from 'rxjs';

function urlWithParams(url: string, params?: Record<string, unknown>): string {
  if (!params) {
    return url;
  }
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null) {
      search.append(key, String(value));
    }
  }
  const query = search.toString();
  return query ? `${url}${url.includes('?') ? '&' : '?'}${query}` : url;
}

async function send<T>(options: BackendSrvRequest, signal: AbortSignal): Promise<FetchResponse<T>> {
  const method = (options.method ?? 'GET').toUpperCase();
  const headers: Record<string, string> = { Accept: 'application/json', ...(options.headers ?? {}) };
  let body: string | undefined;
  if (options.data !== undefined && method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    body = typeof options.data === 'string' ? options.data : JSON.stringify(options.data);
  }
  const response = await fetch(urlWithParams(options.url, options.params), { method, headers, body, signal });
  const text = await response.text();
  let data: unknown = text;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: keep the text, as Grafana's BackendSrv does.
  }
  const fetched = {
    data: data as T,
    status: response.status,
    statusText: response.statusText,
    ok: response.ok,
    headers: response.headers,
    redirected: response.redirected,
    type: response.type,
    url: response.url,
    config: options,
  };
  if (!response.ok) {
    const error: FetchError = { ...fetched, data: data as FetchError['data'] };
    throw error;
  }
  return fetched;
}

function fetchObservable<T>(options: BackendSrvRequest): Observable<FetchResponse<T>> {
  return new Observable((subscriber) => {
    const controller = new AbortController();
    send<T>(options, controller.signal).then(
      (response) => {
        subscriber.next(response);
        subscriber.complete();
      },
      (error) => subscriber.error(error)
    );
    return () => controller.abort();
  });
}

async function request<T>(options: BackendSrvRequest): Promise<T> {
  return (await lastValueFrom(fetchObservable<T>(options))).data;
}

export const backendSrv = {
  fetch: fetchObservable,
  request,
  datasourceRequest: <T>(options: BackendSrvRequest) => lastValueFrom(fetchObservable<T>(options)),
  get: <T>(url: string, params?: Record<string, unknown>, _id?: string, options?: Partial<BackendSrvRequest>) =>
    request<T>({ ...options, url, params, method: 'GET' }),
  delete: <T>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>) =>
    request<T>({ ...options, url, data, method: 'DELETE' }),
  post: <T>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>) =>
    request<T>({ ...options, url, data, method: 'POST' }),
  put: <T>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>) =>
    request<T>({ ...options, url, data, method: 'PUT' }),
  patch: <T>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>) =>
    request<T>({ ...options, url, data, method: 'PATCH' }),
} as unknown as BackendSrv;
