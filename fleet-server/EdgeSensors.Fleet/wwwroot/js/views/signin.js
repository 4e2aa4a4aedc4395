// Sign in with user name and password (POST /api/auth/sign-in); the session token is kept in sessionStorage only.
import { post, session } from '../api.js';
import { h, replace } from '../dom.js';

export function renderSignIn(main, app, message) {
  const user = h('input', { id: 'user', name: 'username', autocomplete: 'username', required: true, autofocus: true });
  const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const button = h('button', { type: 'submit' }, 'Sign in');
  const form = h('form', { class: 'card signin', onsubmit: async (event) => {
    event.preventDefault();
    button.disabled = true;
    app.clearError();
    try {
      const answer = await post('/api/auth/sign-in', { userName: user.value.trim(), password: password.value });
      session.token = answer.token;
      await app.signedIn();
    } catch (e) {
      app.showError(e);
      password.value = '';
      password.focus();
    } finally {
      button.disabled = false;
    }
  } },
  h('h1', {}, 'Sign in'),
  message ? h('p', { class: 'muted' }, message) : null,
  h('label', { for: 'user' }, 'User name'), user,
  h('label', { for: 'password' }, 'Password'), password,
  button);
  replace(main, form);
}
