import { get } from './api.js';
import { h, table, progressBar, time } from './ui.js';
import { onLeave } from './app.js';

const WINDOWS = ['5m', '1h', '1d', 'all'];

/** Bars of the tasks (and items, scaled apart) that ended in each of the last 24 hours. */
function chart(hours) {
  const width = 480, height = 120, labels = 14, bar = width / hours.length;
  const maxTasks = Math.max(1, ...hours.map(b => b.tasks));
  const maxItems = Math.max(1, ...hours.map(b => b.items));
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height + labels}`);
  svg.setAttribute('class', 'chart');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', 'Tasks (blue) and items (green) per hour, last 24 hours: '
    + hours.map(b => `${new Date(b.hour).getHours()}h ${b.tasks} tasks ${b.items} items`).join(', '));
  hours.forEach((b, i) => {
    for (const [kind, value, max, offset] of [['tasks', b.tasks, maxTasks, 0], ['items', b.items, maxItems, bar / 2]]) {
      const rect = document.createElementNS(ns, 'rect');
      const barHeight = Math.round((value / max) * (height - 10));
      rect.setAttribute('x', i * bar + offset);
      rect.setAttribute('y', height - barHeight);
      rect.setAttribute('width', bar / 2 - 1);
      rect.setAttribute('height', barHeight);
      rect.setAttribute('class', kind);
      svg.append(rect);
    }
    if (i % 6 === 0 || i === hours.length - 1) {
      const label = document.createElementNS(ns, 'text');
      label.setAttribute('x', i * bar);
      label.setAttribute('y', height + labels - 2);
      label.setAttribute('font-size', '10');
      label.textContent = `${String(new Date(b.hour).getHours()).padStart(2, '0')}:00`;
      svg.append(label);
    }
  });
  return svg;
}

function counts(windows) {
  return WINDOWS.map(w => {
    const c = windows[w];
    const outcomes = Object.entries(c.outcomes).map(([k, v]) => `${k} ${v}`).join(', ');
    return `${c.tasks}${outcomes ? ' (' + outcomes + ')' : ''}`;
  });
}

export async function dashboard(main) {
  const region = h('div', { 'aria-live': 'polite' });
  main.append(h('h1', {}, 'Dashboard'), region);
  async function draw() {
    const s = await get('/api/statistics');
    const q = s.queues;
    region.replaceChildren(
      h('div', { class: 'grid' },
        h('div', { class: 'stat' }, h('b', { id: 'queue-pending' }, q.pending), 'pending'),
        h('div', { class: 'stat' }, h('b', { id: 'queue-preparing' }, q.preparing), 'preparing'),
        h('div', { class: 'stat' }, h('b', { id: 'queue-running' }, q.running), 'running'),
        h('div', { class: 'stat' }, h('b', {}, s.overall['1d'].items), 'items stored in the last day')),
      h('h2', {}, 'Ended tasks'),
      table(['', ...WINDOWS], [
        ['tasks', ...counts(s.overall)],
        ['items', ...WINDOWS.map(w => s.overall[w].items)],
        ['errors reported', ...WINDOWS.map(w => s.overall[w].errors)],
        ['warnings', ...WINDOWS.map(w => s.overall[w].warnings)],
      ], 'All spiders'),
      h('h2', {}, 'The last 24 hours'), h('p', { class: 'muted' }, 'Ended tasks (blue) and their items (green), per hour.'),
      chart(s.lastDay),
      h('h2', {}, 'Queues by node'),
      table(['node', 'pending', 'preparing', 'running'],
        q.nodes.map(n => [n.node || 'any node', n.pending, n.preparing, n.running])),
      h('h2', {}, 'Running tasks'),
      s.running.length === 0 ? h('p', { class: 'muted' }, 'No task is running.') :
        table(['task', 'spider', 'node', 'started', 'progress', 'items'], s.running.map(t => [
          h('a', { href: `#/tasks/${t.id}` }, `#${t.id}`), t.spiderId, t.node || '', time(t.startedAt),
          progressBar(t.progress), t.items])),
      h('h2', {}, 'Spiders'),
      table(['spider', 'last task', ...WINDOWS.map(w => 'tasks ' + w)], s.spiders.map(sp => [
        h('a', { href: `#/spiders/${sp.id}` }, sp.name),
        sp.lastTask ? h('a', { href: `#/tasks/${sp.lastTask.id}` }, `#${sp.lastTask.id} ${sp.lastTask.status}`) : 'never run',
        ...counts(sp.windows)])));
  }
  await draw();
  const timer = setInterval(() => draw().catch(() => {}), 5000);
  onLeave(() => clearInterval(timer));
}
