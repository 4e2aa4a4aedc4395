// The one way the dashboard talks to the server: fetch with the session's bearer token, and every error as an
// ApiError built from the server's application/problem+json (status, title, detail, errors per field).

const tokenKey = 'edgesensors.session';

export class ApiError extends Error {
  constructor(status, title, detail, errors) {
    super(detail ? `${title} ${detail}` : title);
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.errors = errors ?? {};
  }
}

export const session = {
  get token() { return sessionStorage.getItem(tokenKey); },
  set token(value) {
    if (value) sessionStorage.setItem(tokenKey, value);
    else sessionStorage.removeItem(tokenKey);
  },
};

/** Called when the server says the session is gone (401), so the app can go back to sign-in. */
let onUnauthorized = () => {};
export function whenUnauthorized(handler) { onUnauthorized = handler; }

export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, 'The server cannot be reached.', `${method} ${path} failed (${e.message}); check the network and that the fleet server runs.`);
  }
  const text = await response.text();
  const json = text ? safeJson(text) : null;
  if (!response.ok) {
    const problem = json && typeof json === 'object' ? json : {};
    const error = new ApiError(response.status, problem.title ?? `${response.status} ${response.statusText}`, problem.detail ?? '', problem.errors);
    if (response.status === 401 && !path.startsWith('/api/auth/sign-in')) onUnauthorized(error);
    throw error;
  }
  return json;
}

function safeJson(text) {
  try { return JSON.parse(text); } catch { return null; }
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body ?? {});
export const del = (path) => api('DELETE', path);
