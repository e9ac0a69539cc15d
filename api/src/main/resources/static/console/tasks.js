import { get, post } from './api.js';
import { h, select, field, table, time, showError, errorSlot, progressBar } from './ui.js';
import { session, onLeave } from './app.js';

const STATUSES = ['', 'pending', 'preparing', 'running', 'finished', 'error', 'cancelled', 'timed_out', 'abnormal'];
const ITEMS_PAGE = 20;

export async function tasks(main, query) {
  const params = new URLSearchParams(query || '');
  const page = Number(params.get('page') || 0);
  const spider = field('Spider (id or name)', { name: 'spider', value: params.get('spider') || '' });
  const status = select('Status', STATUSES.map(s => [s, s || 'any']));
  status.control.value = params.get('status') || '';
  const form = h('form', { class: 'card', role: 'search', 'aria-label': 'Filter tasks', onsubmit: event => {
    event.preventDefault();
    const next = new URLSearchParams();
    if (spider.control.value) next.set('spider', spider.control.value);
    if (status.control.value) next.set('status', status.control.value);
    location.hash = '#/tasks?' + next;
  } }, spider.element, status.element, h('button', { type: 'submit' }, 'Filter'));
  const search = new URLSearchParams({ page, size: 50 });
  if (params.get('spider')) search.set('spider', params.get('spider'));
  if (params.get('status')) search.set('status', params.get('status'));
  if (params.get('schedule')) search.set('schedule', params.get('schedule'));
  const list = await get('/api/tasks?' + search);
  main.append(h('h1', {}, 'Tasks'), form,
    list.items.length === 0 ? h('p', { class: 'muted' }, 'No task matches.') :
      table(['task', 'spider', 'status', 'node', 'created', 'progress', 'items'], list.items.map(t => [
        h('a', { href: `#/tasks/${t.id}` }, `#${t.id}`), h('a', { href: `#/spiders/${t.spiderId}` }, t.spiderId),
        t.status, t.node || '', time(t.createdAt), progressBar(t.progress), t.items])),
    pager(page, list.total, 50, p => { params.set('page', p); location.hash = '#/tasks?' + params; }));
}

function pager(page, total, size, go) {
  const pages = Math.max(1, Math.ceil(total / size));
  return h('nav', { 'aria-label': 'Pages' },
    h('button', { type: 'button', class: 'plain', disabled: page <= 0, onclick: () => go(page - 1) }, 'Previous page'),
    h('span', { class: 'page-of' }, ` page ${page + 1} of ${pages} (${total}) `),
    h('button', { type: 'button', class: 'plain', disabled: page + 1 >= pages, onclick: () => go(page + 1) }, 'Next page'));
}

export async function taskPage(main, id) {
  const task = await get(`/api/tasks/${id}`);
  const status = h('span', { id: 'task-status' }, task.status);
  const bar = h('span', { id: 'task-progress' }, progressBar(task.progress));
  const counters = h('span', { id: 'task-counters' }, `${task.items} items, ${task.logLines} log lines, ${task.warnings} warnings`);
  const error = errorSlot();
  const cancel = session.canWrite && !['finished', 'error', 'cancelled', 'timed_out', 'abnormal'].includes(task.status)
    ? h('button', { type: 'button', class: 'danger', id: 'cancel-task', onclick: async () => {
      try { await post(`/api/tasks/${id}/cancel`); } catch (e) { showError(e, error); }
    } }, 'Cancel task') : null;
  const node = h('span', { id: 'task-node' }, task.node || 'none yet');
  const attempts = h('ol', { class: 'timeline', id: 'attempts' });
  const drawAttempts = list => attempts.replaceChildren(...timeline(list || []));
  drawAttempts(task.attempts);
  const refresh = () => get(`/api/tasks/${id}`).then(t => drawAttempts(t.attempts)).catch(() => {});
  main.append(h('div', {}, h('h1', {}, `Task #${task.id}`),
    h('p', {}, 'Spider ', h('a', { href: `#/spiders/${task.spiderId}` }, task.spiderId), ' · status ', status,
      ' · node ', node, ' · version ', task.spiderVersion ?? '—'),
    h('p', {}, bar, ' ', counters), cancel, error,
    task.workflowUrl ? h('p', {}, h('a', { href: task.workflowUrl, id: 'workflow-link', target: '_blank', rel: 'noopener' },
      'Its workflow in the Temporal UI')) : null,
    task.errorMessage ? h('p', { class: 'error' }, task.errorMessage) : null,
    h('h2', {}, 'Attempts'), attempts));
  main.append(logView(task, { status, bar, counters, node, refresh }, () => cancel && cancel.remove()));
  main.append(await itemsView(task));
}

/**
 * The attempts on one time axis, from the first start to the last end (or now): each a bar placed
 * and sized by its times, with its node, outcome and exit code in words beside it.
 */
function timeline(attempts) {
  if (attempts.length === 0) return [h('li', { class: 'muted' }, 'No attempt yet.')];
  const at = t => (t ? new Date(t) : new Date()).getTime();
  const start = Math.min(...attempts.map(a => at(a.startedAt)));
  const span = Math.max(1, Math.max(...attempts.map(a => at(a.endedAt))) - start);
  return attempts.map(a => {
    const left = (at(a.startedAt) - start) / span * 100;
    const width = Math.max(0.5, (at(a.endedAt) - at(a.startedAt)) / span * 100);
    const seconds = ((at(a.endedAt) - at(a.startedAt)) / 1000).toFixed(1);
    const words = `attempt ${a.attempt}: ${time(a.startedAt)} → ${a.endedAt ? time(a.endedAt) : 'now'} (${seconds} s)`
      + ` on ${a.node}: ${a.outcome || 'running'}` + (a.exitCode != null ? ` (exit ${a.exitCode})` : '')
      + (a.error ? ` — ${a.error}` : '');
    // Placed through the CSSOM: the console's CSP refuses style attributes.
    const bar = h('span', { class: `bar ${a.outcome || 'running'}` });
    bar.style.left = `${left.toFixed(2)}%`;
    bar.style.width = `${width.toFixed(2)}%`;
    return h('li', {}, h('span', { class: 'track', 'aria-hidden': 'true' }, bar), h('span', { class: 'what' }, words));
  });
}

function logView(task, { status, bar, counters, node, refresh }, ended) {
  const log = h('div', { class: 'log', id: 'log', role: 'log', 'aria-label': 'Task log', tabindex: 0 });
  const follow = h('input', { type: 'checkbox', id: 'follow', checked: true });
  const search = field('Search the log', { type: 'search', id: 'log-search' });
  const state = h('span', { id: 'stream-state', 'aria-live': 'polite', class: 'muted' }, 'connecting');
  const lines = [];
  const download = h('button', { type: 'button', class: 'plain', onclick: () => {
    const blob = new Blob([lines.map(l => l.line).join('\n') + '\n'], { type: 'text/plain' });
    const link = h('a', { href: URL.createObjectURL(blob), download: `task-${task.id}.log` });
    link.click();
    URL.revokeObjectURL(link.href);
  } }, 'Download log');
  const matches = line => !search.control.value || line.line.toLowerCase().includes(search.control.value.toLowerCase());
  const append = line => {
    lines.push(line);
    if (!matches(line)) return;
    log.append(h('div', { class: line.stream }, line.line));
    if (follow.checked) log.scrollTop = log.scrollHeight;
  };
  search.control.addEventListener('input', () => {
    log.replaceChildren(...lines.filter(matches).map(l => h('div', { class: l.stream }, l.line)));
  });
  // EventSource reconnects by itself after the server closes a long connection, resuming with Last-Event-ID.
  const source = new EventSource(`/api/tasks/${task.id}/events`);
  source.addEventListener('open', () => { state.textContent = 'live'; });
  source.addEventListener('log', event => append(JSON.parse(event.data)));
  source.addEventListener('progress', event => {
    const p = JSON.parse(event.data);
    if (p.status !== status.textContent) refresh();
    status.textContent = p.status;
    if (p.node) node.textContent = p.node;
    bar.replaceChildren(progressBar(p));
    counters.textContent = `${p.items} items, ${p.logLines} log lines, ${p.warnings} warnings`;
  });
  source.addEventListener('end', event => {
    status.textContent = JSON.parse(event.data).status;
    state.textContent = 'ended';
    refresh();
    source.close();
    ended();
  });
  source.addEventListener('error', () => { if (source.readyState !== EventSource.CLOSED) state.textContent = 'reconnecting'; });
  onLeave(() => source.close());
  return h('section', { class: 'card', 'aria-labelledby': 'log-title' }, h('h2', { id: 'log-title' }, 'Log ', state),
    h('label', { for: 'follow', class: 'inline' }, follow, ' Follow new lines'), search.element, download, log);
}

async function itemsView(task) {
  const section = h('section', { class: 'card', id: 'items', 'aria-labelledby': 'items-title' });
  const exports = h('p', {}, 'Export: ', ['json', 'ndjson', 'csv'].map(format =>
    h('a', { href: `/api/tasks/${task.id}/items?format=${format}${format === 'json' ? '&size=500' : ''}`,
      class: 'export', download: `task-${task.id}-items.${format}` }, format.toUpperCase())));
  async function draw(page) {
    const items = await get(`/api/tasks/${task.id}/items?page=${page}&size=${ITEMS_PAGE}`);
    const columns = [...new Set(items.items.flatMap(item => Object.keys(item)))].slice(0, 12);
    section.replaceChildren(h('h2', { id: 'items-title' }, `Items (${items.total})`), exports,
      items.items.length === 0 ? h('p', { class: 'muted' }, 'No items.') :
        table(columns, items.items.map(item => columns.map(c => {
          const v = item[c];
          return v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
        }))),
      pager(page, items.total, ITEMS_PAGE, p => draw(p).catch(e => showError(e))));
  }
  await draw(0);
  return section;
}
