// The fleet: sites > areas and tanks > devices, each device with its health (last seen, stale marker, versions),
// config drift (applied vs desired revision) and active alarm count. Refreshed every 10 s.
import { get } from '../api.js';
import { h, replace } from '../dom.js';
import { age, isStale } from '../format.js';

const refreshMs = 10_000;

export function renderFleet(main, app) {
  let timer = 0;
  let stopped = false;
  replace(main, h('h1', {}, 'Fleet'), h('p', { class: 'muted' }, 'Loading sites and devices…'));

  async function load() {
    try {
      const [sites, areas, devices, drift, alarms] = await Promise.all([
        get('/api/sites?limit=1000'),
        get('/api/areas?limit=1000'),
        get('/api/devices?limit=1000'),
        app.can('configs.read') ? get('/api/configs/drift') : Promise.resolve({ devices: [] }),
        app.can('live.read') ? get('/api/alarms/active') : Promise.resolve([]),
      ]);
      if (!stopped) draw(main, sites.items, areas.items, devices.items, drift.devices, alarms);
    } catch (e) {
      app.showError(e);
    }
    if (!stopped) timer = setTimeout(load, refreshMs);
  }

  load();
  return () => { stopped = true; clearTimeout(timer); };
}

function draw(main, sites, areas, devices, drift, alarms) {
  const driftOf = new Map(drift.map((d) => [d.deviceId, d]));
  const alarmsOf = new Map();
  for (const alarm of alarms) alarmsOf.set(alarm.deviceId, (alarmsOf.get(alarm.deviceId) ?? 0) + 1);
  const now = Date.now();
  const stale = devices.filter((d) => isStale(d.lastSeenAt, now)).length;
  const summary = h('p', { class: 'summary' },
    h('span', {}, `${sites.length} site(s), ${devices.length} device(s)`),
    h('span', { class: stale ? 'badge warn' : 'badge ok' }, `${stale} stale`),
    h('span', { class: alarms.length ? 'badge alarm' : 'badge ok' }, `${alarms.length} active alarm(s)`));

  const rows = (list) => list.map((d) => deviceRow(d, driftOf.get(d.id), alarmsOf.get(d.id) ?? 0, now));
  const table = (list) => list.length ? h('table', { class: 'devices' },
    h('thead', {}, h('tr', {}, ['Device', 'Kind', 'Health', 'Last seen', 'Firmware / software', 'Config (applied / desired)', 'Alarms'].map((c) => h('th', {}, c)))),
    h('tbody', {}, rows(list))) : h('p', { class: 'muted' }, 'No devices.');

  const tree = sites.map((site) => {
    const siteAreas = areas.filter((a) => a.siteId === site.id);
    const loose = devices.filter((d) => d.siteId === site.id && !d.areaId);
    return h('section', { class: 'site card', dataset: { site: site.name } },
      h('h2', {}, site.name, site.description ? h('small', {}, ` · ${site.description}`) : null),
      siteAreas.map((area) => h('div', { class: 'area' },
        h('h3', {}, area.kind === 'tank' ? 'Tank ' : 'Area ', area.name,
          area.overfillLevel != null ? h('small', {}, ` · overfill at ${area.overfillLevel} ${area.overfillLevelUnit}`) : null),
        table(devices.filter((d) => d.areaId === area.id)))),
      loose.length || !siteAreas.length ? h('div', { class: 'area' }, siteAreas.length ? h('h3', {}, 'Not in an area') : null, table(loose)) : null);
  });
  replace(main, h('h1', {}, 'Fleet'), summary, sites.length ? tree : h('p', { class: 'muted' }, 'No sites yet.'));
}

function deviceRow(device, drift, alarmCount, now) {
  const stale = isStale(device.lastSeenAt, now);
  const versions = [device.reported?.firmware, device.reported?.software].filter(Boolean).join(' / ') || '–';
  return h('tr', { dataset: { device: device.name } },
    h('td', {}, h('a', { href: `#/devices/${device.id}` }, device.name)),
    h('td', {}, device.kind),
    h('td', {}, h('span', { class: stale ? 'badge warn' : 'badge ok' }, stale ? 'stale' : 'online')),
    h('td', { title: device.lastSeenAt ?? 'never' }, age(device.lastSeenAt, now)),
    h('td', {}, versions),
    h('td', {}, driftCell(drift)),
    h('td', {}, alarmCount ? h('span', { class: 'badge alarm' }, `${alarmCount} active`) : '–'));
}

export function driftCell(drift) {
  if (!drift || drift.state === 'unmanaged') return h('span', { class: 'muted' }, 'not managed');
  const applied = drift.reportedRevision != null ? `r${drift.reportedRevision}` : '–';
  const desired = drift.desiredRevision != null ? `r${drift.desiredRevision}` : '–';
  const kind = drift.state === 'in_sync' ? 'ok' : drift.state === 'pending' ? 'warn' : 'alarm';
  return h('span', {}, `${applied} / ${desired} `, h('span', { class: `badge ${kind}`, title: drift.reportedReason ?? '' }, drift.state.replace('_', ' ')));
}
