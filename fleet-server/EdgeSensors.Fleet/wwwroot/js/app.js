// The dashboard shell: sign-in state, the signed-in user's permissions (GET /api/auth/me), navigation by hash
// (#/, #/devices/{id}, #/rollouts, #/enrolment) and the error banner every view reports problems through.
import { ApiError, get, post, session, whenUnauthorized } from './api.js';
import { h, replace } from './dom.js';
import { renderSignIn } from './views/signin.js';
import { renderFleet } from './views/fleet.js';
import { renderDevice } from './views/device.js';
import { renderRollouts } from './views/rollouts.js';
import { renderEnrolment } from './views/enrolment.js';

const main = document.getElementById('main');
const errorBox = document.getElementById('error');
let me = null;
let stopCurrent = () => {};

/** What every view gets: the user, a permission check, and the error banner. */
const app = {
  get me() { return me; },
  can: (permission) => Boolean(me?.permissions?.includes(permission)),
  showError,
  clearError: () => { errorBox.hidden = true; replace(errorBox); },
  signedIn: async () => { await loadMe(); location.hash = '#/'; await route(); },
};

export function showError(error) {
  if (!(error instanceof ApiError)) error = new ApiError(0, 'Something went wrong in the page.', String(error?.message ?? error));
  const fields = Object.entries(error.errors ?? {});
  replace(errorBox,
    h('strong', {}, error.status ? `${error.status} · ${error.title}` : error.title),
    error.detail ? h('p', {}, error.detail) : null,
    fields.length ? h('ul', {}, fields.map(([field, messages]) => h('li', {}, h('code', {}, field), ': ', [].concat(messages).join(' ')))) : null,
    h('button', { type: 'button', class: 'link', onclick: app.clearError }, 'Dismiss'));
  errorBox.hidden = false;
}

async function loadMe() {
  me = await get('/api/auth/me');
  document.getElementById('who-name').textContent = `${me.actor.replace(/^user:/, '')} · ${me.role}`;
  document.getElementById('who').hidden = false;
  const nav = document.getElementById('nav');
  nav.hidden = false;
  for (const link of nav.querySelectorAll('[data-permission]')) link.hidden = !app.can(link.dataset.permission);
}

function signedOut(message) {
  me = null;
  session.token = null;
  document.getElementById('nav').hidden = true;
  document.getElementById('who').hidden = true;
  stopCurrent();
  stopCurrent = () => {};
  renderSignIn(main, app, message);
}

async function route() {
  stopCurrent();
  stopCurrent = () => {};
  if (!session.token) return signedOut();
  if (!me) {
    try { await loadMe(); } catch (e) { if (e.status !== 401) showError(e); return; }
  }
  const hash = location.hash || '#/';
  for (const link of document.querySelectorAll('#nav a')) {
    link.classList.toggle('active', hash.startsWith(`#/${link.dataset.nav}`) || (link.dataset.nav === 'fleet' && (hash === '#/' || hash.startsWith('#/devices'))));
  }
  const device = hash.match(/^#\/devices\/([0-9a-f-]{36})$/i);
  const stop = device ? renderDevice(main, app, device[1])
    : hash === '#/rollouts' ? renderRollouts(main, app)
      : hash === '#/enrolment' ? renderEnrolment(main, app)
        : renderFleet(main, app);
  stopCurrent = typeof stop === 'function' ? stop : () => {};
}

whenUnauthorized(() => signedOut('Your session ended (expired, signed out elsewhere, or revoked). Sign in again.'));
document.getElementById('sign-out').addEventListener('click', async () => {
  try { await post('/api/auth/sign-out'); } catch { /* the session is dropped here either way */ }
  signedOut('Signed out.');
});
window.addEventListener('hashchange', () => { app.clearError(); route(); });
route();
