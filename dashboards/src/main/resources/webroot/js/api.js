// The login session and calls to /api/v1. A 401 (expired or revoked token) sends the person back to the login page.

const KEY = 'kitchenwatch.session';

export function session() {
  try {
    const s = JSON.parse(localStorage.getItem(KEY));
    return s && s.token && s.expires_at > Date.now() ? s : null;
  } catch (e) {
    return null;
  }
}

export function saveSession(login) {
  localStorage.setItem(KEY, JSON.stringify({
    token: login.token, username: login.username, role: login.role, scope: login.scope,
    expires_at: Date.now() + login.expires_in * 1000,
  }));
}

export function logout() {
  localStorage.removeItem(KEY);
  location.href = '/ui/login.html';
}

/**
 * The session; without one, a trip to the login page that comes back here afterwards. Pages await it: the promise
 * never settles while the browser leaves, so nothing runs without a session and no error is thrown.
 */
export function requireSession() {
  const s = session();
  if (s) return Promise.resolve(s);
  location.href = '/ui/login.html?next=' + encodeURIComponent(location.pathname + location.search + location.hash);
  return new Promise(() => {});
}

export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.error ? body.error + (body.detail ? ': ' + body.detail : '') : 'HTTP ' + status);
    this.status = status;
    this.body = body;
  }
}

async function call(method, path, body, contentType = 'application/json') {
  const s = session();
  const headers = { Accept: 'application/json' };
  if (s) headers.Authorization = 'Bearer ' + s.token;
  if (body !== undefined) headers['Content-Type'] = contentType;
  const sent = body === undefined || typeof body === 'string' || body instanceof Blob ? body : JSON.stringify(body);
  const res = await fetch('/api/v1' + path, { method, headers, body: sent });
  if (res.status === 401 && !path.startsWith('/login')) {
    logout();
  }
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (!res.ok) throw new ApiError(res.status, json);
  return json;
}

export const get = path => call('GET', path);
export const post = (path, body) => call('POST', path, body);
/** Posts a file (a Blob) or text as it is, not as JSON: a CSV import, whose bytes the server decodes itself. */
export const postFile = (path, file, contentType) => call('POST', path, file, contentType);

/** An image the API serves behind the token, as an object URL (an img tag cannot send the token itself). */
export async function imageUrl(path) {
  const res = await fetch('/api/v1' + path, { headers: { Authorization: 'Bearer ' + session().token } });
  if (!res.ok) return null;
  return URL.createObjectURL(await res.blob());
}

/** Downloads a file the API serves behind the token, under {@code name}. */
export async function download(path, name) {
  const res = await fetch('/api/v1' + path, { headers: { Authorization: 'Bearer ' + session().token } });
  if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => null));
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

export function qs(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, v);
  const s = p.toString();
  return s ? '?' + s : '';
}
