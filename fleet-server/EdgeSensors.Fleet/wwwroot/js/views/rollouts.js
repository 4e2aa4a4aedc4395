// Rollouts with their state, wave, device kind and template (or their own body); pause (running) and resume (paused or halted) for users with configs.write.
import { get, post } from '../api.js';
import { h, replace } from '../dom.js';
import { time } from '../format.js';

const refreshMs = 5_000;

export function renderRollouts(main, app) {
  let timer = 0;
  let stopped = false;
  const mayChange = app.can('configs.write');
  const body = h('div', {}, h('p', { class: 'muted' }, 'Loading rollouts…'));
  replace(main, h('h1', {}, 'Rollouts'), body);

  async function command(rollout, verb) {
    try {
      await post(`/api/rollouts/${rollout.id}/${verb}`);
      app.clearError();
    } catch (e) {
      app.showError(e);
    }
    await load(false);
  }

  async function load(again = true) {
    try {
      const rollouts = await get('/api/rollouts');
      if (stopped) return;
      replace(body, rollouts.length ? h('table', { class: 'rollouts' },
        h('thead', {}, h('tr', {}, ['Name', 'State', 'Wave', 'Config', 'Plan', 'Started', 'Author', 'Why halted', mayChange ? 'Action' : null].filter(Boolean).map((c) => h('th', {}, c)))),
        h('tbody', {}, rollouts.map((r) => h('tr', { dataset: { rollout: r.name } },
          h('td', {}, r.name, h('div', { class: 'muted small' }, r.message)),
          h('td', {}, h('span', { class: `badge state-${r.status}` }, r.status.replace('_', ' '))),
          h('td', { class: 'num' }, String(r.wave)),
          h('td', { class: 'config' }, `${r.kind}s`, h('div', { class: 'muted small' },
            r.template ? `template ${r.template.name} v${r.template.version}` : 'own body')),
          h('td', {}, `canary ${r.canaryPercent} %, waves ${r.waves.join(' / ')} %, soak ${r.soakSeconds} s`),
          h('td', {}, time(r.startedAt)),
          h('td', {}, r.author),
          h('td', {}, r.haltReason ?? '–'),
          mayChange ? h('td', {},
            r.status === 'running' ? h('button', { type: 'button', onclick: () => command(r, 'pause') }, 'Pause') : null,
            r.status === 'paused' || r.status === 'halted' ? h('button', { type: 'button', onclick: () => command(r, 'resume') }, 'Resume') : null) : null)))) :
        h('p', { class: 'muted' }, 'No rollouts yet. Start one with POST /api/rollouts (docs/config-rollout.md).'));
    } catch (e) {
      app.showError(e);
    }
    if (again && !stopped) timer = setTimeout(load, refreshMs);
  }

  load();
  return () => { stopped = true; clearTimeout(timer); };
}
