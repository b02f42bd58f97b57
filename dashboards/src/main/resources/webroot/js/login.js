import { post, saveSession } from './api.js';
import { $ } from './dom.js';
import { t, translatePage } from './i18n.js';

translatePage();

function goOn() {
  const next = new URLSearchParams(location.search).get('next');
  // only a path on this server, never an address elsewhere
  location.href = next && next.startsWith('/ui/') ? next : '/ui/';
}

$('#login-form').addEventListener('submit', async e => {
  e.preventDefault();
  const error = $('#login-error');
  error.hidden = true;
  try {
    const login = await post('/login', { username: $('#username').value, password: $('#password').value });
    saveSession(login);
    goOn();
  } catch (err) {
    error.textContent = err.status === 401 ? t('Wrong username or password.') : t('Could not log in: {error}', { error: err.message });
    error.hidden = false;
  }
});

/** The token's claims, read only to label the screen: whether it is valid is the server's call, asked just below. */
function claims(token) {
  const part = token.split('.')[1] || '';
  return JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/')));
}

$('#token-form').addEventListener('submit', async e => {
  e.preventDefault();
  const error = $('#token-error');
  error.hidden = true;
  const token = $('#token').value.trim();
  try {
    const c = claims(token);
    const res = await fetch('/api/v1/sites', { headers: { Authorization: 'Bearer ' + token } });
    if (!res.ok) throw new Error(t('the server does not accept this token'));
    saveSession({ token, username: c.sub, role: c.role, scope: c.scope,
      expires_in: c.exp ? c.exp - Date.now() / 1000 : 365 * 86400 });
    goOn();
  } catch (err) {
    error.textContent = err instanceof SyntaxError || err.name === 'InvalidCharacterError'
      ? t('That is not a KitchenWatch token.') : t('Could not sign in: {error}', { error: err.message });
    error.hidden = false;
  }
});
