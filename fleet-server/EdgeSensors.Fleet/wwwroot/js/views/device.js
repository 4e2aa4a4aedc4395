// One device: identity and health, config drift, the latest reading of every tag (value with unit, quality, time)
// and its active alarms. Live data is polled from GET /api/devices/{id}/live every 2 s. Roles with alarms.ack get an
// Acknowledge button per unacknowledged alarm: it sends the device the ack command and then shows "sent, waiting for
// the device" until the device's own acknowledged event shows in the live state (the device owns alarm state).
// Below, the device's last 50 alarm events from GET /api/alarms/history and the seqs of its telemetry and alarms that
// never arrived (GET /api/devices/{id}/seq-gaps), refreshed when the alarms change, else every 6 s.
import { get, post } from '../api.js';
import { h, replace } from '../dom.js';
import { age, isStale, quantity, qualityText, staleAfterMs, time } from '../format.js';
import { driftCell } from './fleet.js';

const pollMs = 2_000;
const historyRows = 50;

export function renderDevice(main, app, id) {
  let timer = 0;
  let stopped = false;
  let lastAlarms = [];
  // Tags whose acknowledgement was sent and whose alarms the device has not yet reported acknowledged.
  const pendingAcks = new Map();
  const header = h('div', {}, h('p', { class: 'muted' }, 'Loading device…'));
  const alarmsBox = h('section', { class: 'card', id: 'alarms' });
  const readingsBox = h('section', { class: 'card', id: 'readings' });
  const historyBox = h('section', { class: 'card', id: 'history' });
  const gapsBox = h('section', { class: 'card', id: 'gaps' });
  const updated = h('p', { class: 'muted small', id: 'updated' });
  replace(main, h('p', {}, h('a', { href: '#/' }, '← Fleet')), header, alarmsBox, readingsBox, historyBox, gapsBox, updated);
  let polls = 0;
  let alarmsSeen = null;

  async function loadDevice() {
    try {
      const device = await get(`/api/devices/${id}`);
      const drift = app.can('configs.read') ? (await get(`/api/configs/drift?siteId=${device.siteId}`)).devices.find((d) => d.deviceId === id) : null;
      if (!stopped) drawHeader(header, device, drift);
    } catch (e) {
      app.showError(e);
    }
  }

  async function poll() {
    try {
      const live = await get(`/api/devices/${id}/live`);
      if (stopped) return;
      lastAlarms = live.alarms;
      for (const tag of [...pendingAcks.keys()]) {
        if (!live.alarms.some((a) => a.tag === tag && !a.acknowledged)) pendingAcks.delete(tag);
      }
      drawAlarms(alarmsBox, live.alarms, ackControls);
      drawReadings(readingsBox, live.readings, Date.parse(live.serverTime));
      const alarmsNow = live.alarms.map((a) => `${a.tag}/${a.kind}/${a.seq}`).join(',');
      if (alarmsNow !== alarmsSeen || polls % 3 === 0) {
        const [history, gaps] = await Promise.all([get(`/api/alarms/history?deviceId=${id}&limit=${historyRows}`), get(`/api/devices/${id}/seq-gaps`)]);
        if (stopped) return;
        drawHistory(historyBox, history.items);
        drawGaps(gapsBox, gaps);
        alarmsSeen = alarmsNow;
      }
      polls++;
      updated.textContent = `Live data as of ${time(live.serverTime)}; refreshed every ${pollMs / 1000} s.`;
    } catch (e) {
      app.showError(e);
    }
    if (!stopped) timer = setTimeout(poll, pollMs);
  }

  async function acknowledge(tag, button) {
    button.disabled = true;
    try {
      const sent = await post(`/api/devices/${id}/alarms/ack`, { tag });
      pendingAcks.set(tag, sent);
      if (!stopped) drawAlarms(alarmsBox, lastAlarms, ackControls);
    } catch (e) {
      button.disabled = false;
      app.showError(e);
    }
  }

  // What the last cell of an alarm row holds: nothing once acknowledged, the waiting note after sending, the button
  // for roles that may acknowledge.
  function ackControls(a) {
    if (a.acknowledged) return null;
    const sent = pendingAcks.get(a.tag);
    if (sent) return h('span', { class: 'badge warn ack-pending', title: `sent ${time(sent.sentAt)} to ${sent.topic}` }, 'sent, waiting for the device');
    if (!app.can('alarms.ack')) return null;
    const button = h('button', { type: 'button', class: 'ack', title: `Acknowledge every alarm of ${a.tag} on the device` }, 'Acknowledge');
    button.addEventListener('click', () => acknowledge(a.tag, button));
    return button;
  }

  loadDevice();
  if (app.can('live.read')) poll();
  else replace(readingsBox, h('p', { class: 'muted' }, 'Your role may not read live data.'));
  return () => { stopped = true; clearTimeout(timer); };
}

function drawHeader(target, device, drift) {
  const stale = isStale(device.lastSeenAt);
  const r = device.reported ?? {};
  replace(target,
    h('h1', {}, device.name, ' ', h('span', { class: stale ? 'badge warn' : 'badge ok', id: 'health' }, stale ? 'stale' : 'online')),
    h('dl', { class: 'facts card' },
      h('dt', {}, 'Kind'), h('dd', {}, device.kind),
      h('dt', {}, 'Serial number'), h('dd', {}, device.serialNumber ?? '–'),
      h('dt', {}, 'Last seen'), h('dd', { title: time(device.lastSeenAt) }, age(device.lastSeenAt)),
      h('dt', {}, 'Hardware / firmware / software'), h('dd', {}, [r.hardware, r.firmware, r.software].map((v) => v ?? '–').join(' / ')),
      h('dt', {}, 'Config (applied / desired)'), h('dd', {}, driftCell(drift)),
      drift?.reportedReason ? [h('dt', {}, 'Device said'), h('dd', {}, drift.reportedReason)] : null));
}

function drawAlarms(target, alarms, ackControls) {
  replace(target, h('h2', {}, 'Active alarms ', h('span', { class: alarms.length ? 'badge alarm' : 'badge ok' }, String(alarms.length))),
    alarms.length ? h('table', { class: 'alarms' },
      h('thead', {}, h('tr', {}, ['Tag', 'Alarm', 'State', 'Value', 'Limit', 'Raised', 'Last change', ''].map((c) => h('th', {}, c)))),
      h('tbody', {}, alarms.map((a) => h('tr', { class: a.acknowledged ? 'acknowledged' : 'unacknowledged', dataset: { tag: a.tag, kind: a.kind } },
        h('td', {}, a.tag),
        h('td', {}, h('span', { class: `badge alarm kind-${a.kind}` }, a.kind)),
        h('td', {}, a.state, a.acknowledged ? ' (acknowledged)' : ' (not acknowledged)', a.latched ? ', latched' : ''),
        h('td', { class: 'num' }, quantity(a.value, a.unit)),
        h('td', { class: 'num' }, a.limit == null ? 'no limit' : quantity(a.limit, a.unit)),
        h('td', {}, time(a.raisedAt)),
        h('td', {}, time(a.changedAt)),
        h('td', { class: 'ack-cell' }, ackControls(a)))))) : h('p', { class: 'muted' }, 'No active alarms.'));
}

function drawReadings(target, readings, now) {
  replace(target, h('h2', {}, 'Latest readings'),
    readings.length ? h('table', { class: 'readings' },
      h('thead', {}, h('tr', {}, ['Tag', 'Value', 'Quality', 'Measured', 'Seq'].map((c) => h('th', {}, c)))),
      h('tbody', {}, readings.map((r) => {
        // A value nobody has refreshed for a while is marked, never shown as if it were current.
        const old = now - Date.parse(r.receivedAt) > staleAfterMs;
        return h('tr', { class: old ? 'old' : null, dataset: { tag: r.tag, quality: r.quality, old: old ? 'true' : null } },
        h('td', {}, r.tag),
        h('td', { class: 'num value' }, quantity(r.value, r.unit)),
        h('td', {}, h('span', { class: `badge q-${r.quality}` }, qualityText[r.quality] ?? r.quality),
          old ? [' ', h('span', { class: 'badge warn', title: `received ${time(r.receivedAt)}` }, `not updated for ${age(r.receivedAt, now).replace(' ago', '')}`)] : null),
        h('td', { title: time(r.time) }, age(r.time, now)),
        h('td', { class: 'num muted' }, r.seq));
      }))) : h('p', { class: 'muted' }, 'No readings received yet.'));
}

function drawHistory(target, events) {
  replace(target, h('h2', {}, `Alarm history (last ${historyRows} events)`),
    events.length ? h('table', { class: 'history' },
      h('thead', {}, h('tr', {}, ['Time', 'Tag', 'Alarm', 'Event', 'Value', 'Limit', 'Received', 'Seq'].map((c) => h('th', {}, c)))),
      h('tbody', {}, events.map((e) => h('tr', { dataset: { tag: e.tag, kind: e.kind, state: e.state, seq: e.seq } },
        h('td', {}, time(e.time)),
        h('td', {}, e.tag),
        h('td', {}, h('span', { class: `badge alarm kind-${e.kind}` }, e.kind)),
        h('td', { class: 'state' }, e.state, e.latched ? ' (latched)' : ''),
        h('td', { class: 'num value' }, quantity(e.value, e.unit)),
        h('td', { class: 'num limit' }, e.limit == null ? 'no limit' : quantity(e.limit, e.unit)),
        h('td', { title: time(e.receivedAt) }, age(e.receivedAt)),
        h('td', { class: 'num muted' }, e.seq))))) : h('p', { class: 'muted' }, 'No alarm events stored for this device.'));
}

function drawGaps(target, gaps) {
  const count = (n, what) => `${n} ${what}${n === 1 ? '' : 's'}`;
  replace(target, h('h2', {}, 'Sequence gaps'),
    gaps.lastSeq == null ? h('p', { class: 'muted' }, 'Nothing received yet.') : [
      h('p', { id: 'gap-summary' }, `Received seq ${gaps.firstSeq}–${gaps.lastSeq}: ${count(gaps.received, 'message')}; `,
        gaps.missing ? h('strong', {}, `${count(gaps.missing, 'seq')} missing in ${count(gaps.gapCount, 'gap')}`) : 'none missing', '.'),
      gaps.gaps.length ? h('ul', { class: 'gaps' }, gaps.gaps.map((g) => h('li', { dataset: { from: g.from, to: g.to } },
        g.from === g.to ? `seq ${g.from}` : `seq ${g.from}–${g.to}`, ` (${count(g.count, 'seq')})`))) : null,
      h('p', { class: 'muted small' }, 'Telemetry and alarms share one seq per device; a backfill after an outage fills its gap.')]);
}
