import { post, saveSession } from './api.js';
import { $ } from './dom.js';

$('#login-form').addEventListener('submit', async e => {
  e.preventDefault();
  const error = $('#login-error');
  error.hidden = true;
  try {
    const login = await post('/login', { username: $('#username').value, password: $('#password').value });
    saveSession(login);
    const next = new URLSearchParams(location.search).get('next');
    // only a path on this server, never an address elsewhere
    location.href = next && next.startsWith('/ui/') ? next : '/ui/';
  } catch (err) {
    error.textContent = err.status === 401 ? 'Wrong username or password.' : 'Could not log in: ' + err.message;
    error.hidden = false;
  }
});
