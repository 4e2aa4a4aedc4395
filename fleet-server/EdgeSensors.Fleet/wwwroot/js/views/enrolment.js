// Enrolment tokens (admins: enrolment.manage): list, create for a site (the secret is shown once), revoke.
import { del, get, post } from '../api.js';
import { h, replace } from '../dom.js';
import { time } from '../format.js';

export function renderEnrolment(main, app) {
  if (!app.can('enrolment.manage')) {
    replace(main, h('h1', {}, 'Enrolment'), h('p', { class: 'muted' }, 'Your role may not manage enrolment tokens.'));
    return undefined;
  }

  const list = h('div', {}, h('p', { class: 'muted' }, 'Loading tokens…'));
  const created = h('div', { id: 'created-token' });
  const site = h('select', { id: 'token-site', required: true });
  const maxUses = h('input', { id: 'token-uses', type: 'number', min: 1, value: 1 });
  const hours = h('input', { id: 'token-hours', type: 'number', min: 1, value: 24 });
  const form = h('form', { class: 'card inline', onsubmit: async (event) => {
    event.preventDefault();
    try {
      const answer = await post('/api/enrolment-tokens', { siteId: site.value, maxUses: Number(maxUses.value), expiresInHours: Number(hours.value) });
      app.clearError();
      replace(created, h('div', { class: 'card secret' },
        h('strong', {}, 'New enrolment token (shown once; copy it now):'),
        h('code', { id: 'token-secret' }, answer.token),
        h('p', { class: 'muted small' }, `On the gateway: edgesensors enroll --server ${location.origin} --token <token>`)));
      await load();
    } catch (e) {
      app.showError(e);
    }
  } },
  h('h2', {}, 'New token'),
  h('label', { for: 'token-site' }, 'Site'), site,
  h('label', { for: 'token-uses' }, 'Uses'), maxUses,
  h('label', { for: 'token-hours' }, 'Valid for (h)'), hours,
  h('button', { type: 'submit' }, 'Create token'));

  let sites = [];
  async function load() {
    try {
      if (!sites.length) {
        sites = (await get('/api/sites?limit=1000')).items;
        replace(site, sites.map((s) => h('option', { value: s.id }, s.name)));
      }
      const names = new Map(sites.map((s) => [s.id, s.name]));
      const tokens = await get('/api/enrolment-tokens');
      replace(list, tokens.length ? h('table', { class: 'tokens' },
        h('thead', {}, h('tr', {}, ['Site', 'For device', 'Uses', 'Expires', 'Created', 'State', ''].map((c) => h('th', {}, c)))),
        h('tbody', {}, tokens.map((t) => {
          const expired = Date.parse(t.expiresAt) < Date.now();
          const state = t.revokedAt ? 'revoked' : expired ? 'expired' : t.uses >= t.maxUses ? 'used up' : 'valid';
          return h('tr', { dataset: { token: t.id } },
            h('td', {}, names.get(t.siteId) ?? t.siteId),
            h('td', {}, t.deviceId ? 're-enrolment' : 'new device'),
            h('td', { class: 'num' }, `${t.uses} of ${t.maxUses}`),
            h('td', {}, time(t.expiresAt)),
            h('td', {}, `${time(t.createdAt)} by ${t.createdBy}`),
            h('td', {}, h('span', { class: state === 'valid' ? 'badge ok' : 'badge muted' }, state)),
            h('td', {}, state === 'valid' ? h('button', { type: 'button', class: 'danger', onclick: async () => {
              try { await del(`/api/enrolment-tokens/${t.id}`); await load(); } catch (e) { app.showError(e); }
            } }, 'Revoke') : null));
        }))) : h('p', { class: 'muted' }, 'No enrolment tokens.'));
    } catch (e) {
      app.showError(e);
    }
  }

  replace(main, h('h1', {}, 'Enrolment tokens'), form, created, list);
  load();
  return undefined;
}
