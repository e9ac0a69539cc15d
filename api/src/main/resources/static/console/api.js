// Calls the API with the console's session cookie; writes carry the CSRF token Spring Security set as a cookie.

function csrfToken() {
  const cookie = document.cookie.split('; ').find(c => c.startsWith('XSRF-TOKEN='));
  return cookie ? decodeURIComponent(cookie.substring('XSRF-TOKEN='.length)) : '';
}

/** An API refusal, in the API's words, with its field errors. */
export class ApiError extends Error {
  constructor(status, body) {
    const fields = (body && body.fieldErrors || []).map(f => `${f.field}: ${f.message}`);
    super((body && body.message ? body.message : `the server answered ${status}`)
      + (fields.length > 1 ? ' — ' + fields.join('; ') : ''));
    this.status = status;
    this.fields = body && body.fieldErrors || [];
  }
}

export async function call(method, path, body, contentType) {
  const headers = { 'Accept': 'application/json' };
  if (method !== 'GET') headers['X-XSRF-TOKEN'] = csrfToken();
  let payload;
  if (body instanceof FormData || body instanceof Blob) {
    payload = body;
    if (contentType) headers['Content-Type'] = contentType;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const response = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

export const get = path => call('GET', path);
export const post = (path, body) => call('POST', path, body);
export const patch = (path, body) => call('PATCH', path, body);
export const put = (path, body) => call('PUT', path, body);
export const del = path => call('DELETE', path);
