import { get, post, patch, del } from './api.js';
import { h, field, table, time, showError, errorSlot } from './ui.js';
import { session } from './app.js';

const reload = () => window.dispatchEvent(new HashChangeEvent('hashchange'));

export async function schedules(main) {
  const list = await get('/api/schedules');
  main.append(h('h1', {}, 'Schedules'));
  if (session.canWrite) main.append(scheduleForm());
  const rows = [];
  for (const s of list) {
    const next = s.paused ? [] : await get(`/api/schedules/${s.id}/next?count=3`).catch(() => []);
    const error = errorSlot();
    const actions = session.canWrite ? h('span', {},
      s.paused
        ? h('button', { type: 'button', class: 'plain', onclick: () => post(`/api/schedules/${s.id}/unpause`).then(reload, e => showError(e, error)) }, `Unpause schedule ${s.id}`)
        : h('button', { type: 'button', class: 'plain', onclick: () => {
          const note = prompt('Why pause it? (shown on the schedule)') ?? '';
          post(`/api/schedules/${s.id}/pause`, { note }).then(reload, e => showError(e, error));
        } }, `Pause schedule ${s.id}`),
      h('button', { type: 'button', class: 'plain', onclick: () => post(`/api/schedules/${s.id}/trigger`).then(
        () => { error.hidden = false; error.className = 'muted'; error.textContent = 'Fired.'; }, e => showError(e, error)) }, `Trigger schedule ${s.id}`),
      h('button', { type: 'button', class: 'danger', onclick: () => confirm(`Delete schedule ${s.id}?`)
        && del(`/api/schedules/${s.id}`).then(reload, e => showError(e, error)) }, `Delete schedule ${s.id}`),
      backfillForm(s, error), error) : '';
    rows.push([s.id, h('a', { href: `#/spiders/${s.spiderId}` }, s.spiderId), `${s.cron} (${s.timeZone})`,
      s.paused ? `paused${s.pauseNote ? ': ' + s.pauseNote : ''}` : 'active',
      h('ul', { class: 'next-fire-times' }, next.map(t => h('li', {}, time(t)))), h('a', { href: `#/tasks?schedule=${s.id}` }, 'tasks'), actions]);
  }
  main.append(list.length === 0 ? h('p', { class: 'muted' }, 'No schedule yet.')
    : table(['id', 'spider', 'cron', 'state', 'next fire times', '', ''], rows));
}

/** Fires the schedule for every time it would have fired in [from, to), in the browser's time zone. */
function backfillForm(s, error) {
  const from = field(`Backfill schedule ${s.id} from`, { type: 'datetime-local', name: 'from', required: true });
  const to = field(`Backfill schedule ${s.id} until (not included)`, { type: 'datetime-local', name: 'to', required: true });
  return h('details', { class: 'backfill' }, h('summary', {}, `Backfill schedule ${s.id}`),
    h('form', { 'aria-label': `Backfill schedule ${s.id}`, onsubmit: async event => {
      event.preventDefault();
      try {
        await post(`/api/schedules/${s.id}/backfill`, { from: new Date(from.control.value).toISOString(),
          to: new Date(to.control.value).toISOString() });
        error.hidden = false; error.className = 'muted'; error.textContent = 'Backfill started.';
      } catch (e) {
        error.className = 'error';
        showError(e, error);
      }
    } }, from.element, to.element, h('button', { type: 'submit' }, `Start backfill of schedule ${s.id}`)));
}

function scheduleForm() {
  const spider = field('Spider (id or name)', { name: 'spider', required: true });
  const cron = field('Cron (minute hour day-of-month month day-of-week)', { name: 'cron', required: true, placeholder: '*/15 * * * *' });
  const zone = field('Time zone', { name: 'timeZone', value: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC' });
  const preview = h('ul', { id: 'cron-preview', 'aria-live': 'polite' });
  const error = errorSlot();
  let timer;
  const refresh = () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      if (!cron.control.value.trim()) return preview.replaceChildren();
      try {
        const times = await get(`/api/schedules/next-fire-times?count=5&cron=${encodeURIComponent(cron.control.value)}`
          + `&timeZone=${encodeURIComponent(zone.control.value)}`);
        preview.replaceChildren(...times.map(t => h('li', {}, time(t))));
      } catch (e) {
        preview.replaceChildren(h('li', { class: 'error' }, e.message));
      }
    }, 250);
  };
  cron.control.addEventListener('input', refresh);
  zone.control.addEventListener('input', refresh);
  return h('form', { class: 'card', id: 'create-schedule', 'aria-labelledby': 'schedule-title', onsubmit: async event => {
    event.preventDefault();
    try {
      await post('/api/schedules', { spider: spider.control.value, cron: cron.control.value, timeZone: zone.control.value });
      reload();
    } catch (e) { showError(e, error); }
  } }, h('h2', { id: 'schedule-title' }, 'New schedule'), spider.element, cron.element, zone.element,
  h('p', { class: 'muted' }, 'Next fire times:'), preview, error, h('button', { type: 'submit' }, 'Create schedule'));
}

export async function nodes(main) {
  const list = await get('/api/nodes');
  main.append(h('h1', {}, 'Nodes'), list.length === 0 ? h('p', { class: 'muted' }, 'No node has registered.') :
    table(['node', 'host', 'online', 'enabled', 'runners in use', 'max runners', 'labels', 'last report', ''], list.map(n => {
      const error = errorSlot();
      const max = h('input', { type: 'number', min: 0, max: 1000, value: n.maxRunners, 'aria-label': `max runners of ${n.key}`, class: 'narrow' });
      return [n.name === n.key ? n.key : `${n.name} (${n.key})`, n.host, n.online ? 'online' : 'offline',
        h('span', { class: 'enabled' }, n.enabled ? 'enabled' : 'disabled'), n.running,
        session.canWrite ? max : n.maxRunners,
        Object.entries(n.labels || {}).map(([k, v]) => `${k}=${v}`).join(', '), time(n.lastSeenAt),
        session.canWrite ? h('span', {},
          h('button', { type: 'button', class: n.enabled ? 'danger' : '', onclick: () => patch(`/api/nodes/${n.key}`,
            { enabled: !n.enabled }).then(reload, e => showError(e, error)) }, `${n.enabled ? 'Disable' : 'Enable'} node ${n.key}`),
          h('button', { type: 'button', class: 'plain', onclick: () => patch(`/api/nodes/${n.key}`,
            { maxRunners: Number(max.value) }).then(reload, e => showError(e, error)) }, `Save max runners of ${n.key}`), error) : ''];
    })));
}

export async function tokens(main) {
  if (!session.isAdmin) {
    main.append(h('h1', {}, 'Tokens'), h('p', {}, 'Only an admin manages tokens.'));
    return;
  }
  const list = await get('/api/tokens?size=200');
  const name = field('Name', { name: 'name', required: true });
  const role = h('select', { id: 'token-role', name: 'role' }, ['viewer', 'operator', 'admin'].map(r => h('option', { value: r }, r)));
  const issued = h('p', { id: 'issued', 'aria-live': 'polite' });
  const error = errorSlot();
  main.append(h('h1', {}, 'Tokens'),
    h('form', { class: 'card', 'aria-labelledby': 'token-title', onsubmit: async event => {
      event.preventDefault();
      try {
        const token = await post('/api/tokens', { name: name.control.value, role: role.value });
        issued.replaceChildren('New token (shown this once): ', h('code', { id: 'new-token' }, token.token));
      } catch (e) { showError(e, error); }
    } }, h('h2', { id: 'token-title' }, 'New token'), name.element, h('label', { for: 'token-role' }, 'Role'), role, error,
    h('button', { type: 'submit' }, 'Make token'), issued),
    table(['id', 'name', 'role', 'status', 'created', 'last used', ''], list.items.map(t => [t.id, t.name, t.role, t.status,
      time(t.createdAt), time(t.lastUsedAt), t.status === 'active' ? h('button', { type: 'button', class: 'danger',
        onclick: () => confirm(`Revoke token ${t.name}?`) && del(`/api/tokens/${t.id}`).then(reload, e => showError(e)) }, `Revoke ${t.name}`) : ''])));
}
