import { get, post, patch, call } from './api.js';
import { h, field, select, table, time, showError, errorSlot, pairs } from './ui.js';
import { session } from './app.js';

const WINDOWS = ['5m', '1h', '1d', 'all'];

export async function spiders(main) {
  const [list, stats] = await Promise.all([get('/api/spiders?size=200'), get('/api/statistics?size=200')]);
  const byId = Object.fromEntries(stats.spiders.map(s => [s.id, s]));
  main.append(h('h1', {}, 'Spiders'));
  if (session.canWrite) main.append(createForm());
  main.append(list.items.length === 0 ? h('p', { class: 'muted' }, 'No spider yet.') :
    table(['name', 'type', 'version', 'last task', ...WINDOWS.map(w => 'ended ' + w)], list.items.map(s => {
      const st = byId[s.id];
      return [h('a', { href: `#/spiders/${s.id}` }, s.name), s.type, s.currentVersion ?? '—',
        st && st.lastTask ? h('a', { href: `#/tasks/${st.lastTask.id}` }, `#${st.lastTask.id} ${st.lastTask.status}`) : 'never run',
        ...WINDOWS.map(w => st ? st.windows[w].tasks : 0)];
    })));
}

function createForm() {
  const name = field('Name', { name: 'name', required: true, autocomplete: 'off' });
  const command = field('Command', { name: 'command', required: true, placeholder: 'python3 main.py' });
  const description = field('Description', { name: 'description' });
  const error = errorSlot();
  return h('form', { class: 'card', id: 'create-spider', 'aria-labelledby': 'create-spider-title', onsubmit: async event => {
    event.preventDefault();
    try {
      const spider = await post('/api/spiders', { name: name.control.value, command: command.control.value,
        description: description.control.value });
      location.hash = `#/spiders/${spider.id}`;
    } catch (e) { showError(e, error); }
  } }, h('h2', { id: 'create-spider-title' }, 'New spider'), name.element, command.element, description.element, error,
  h('button', { type: 'submit' }, 'Create spider'));
}

export async function spiderPage(main, id) {
  const [spider, versions, nodes] = await Promise.all([get(`/api/spiders/${id}`),
    get(`/api/spiders/${id}/versions?size=50`), get('/api/nodes')]);
  main.append(h('h1', {}, spider.name), h('p', { class: 'muted' }, spider.description || ''),
    table(['command', 'type', 'current version', 'max attempts', 'runtime limit (s)', 'created'],
      [[spider.command, spider.type, spider.currentVersion ?? '—', spider.maxAttempts, spider.runtimeLimitSeconds,
        time(spider.createdAt)]]),
    h('p', {}, h('a', { href: `#/tasks?spider=${spider.id}` }, 'Its tasks'), ' · ',
      h('a', { href: `/api/spiders/${spider.id}/items?format=ndjson` }, 'all items as NDJSON'), ' · ',
      h('a', { href: `/api/spiders/${spider.id}/items?format=csv` }, 'as CSV')));
  const versionsSection = h('section', { id: 'versions', 'aria-labelledby': 'versions-title' });
  drawVersions(spider, versions, versionsSection);
  if (session.canWrite) {
    main.append(runForm(spider, versions.items, nodes), uploadForm(spider, async () => {
      drawVersions(spider, await get(`/api/spiders/${spider.id}/versions?size=50`), versionsSection);
    }), editForm(spider));
  }
  main.append(versionsSection);
}

function drawVersions(spider, versions, section) {
  section.replaceChildren(h('h2', { id: 'versions-title' }, 'Versions'),
    versions.items.length === 0 ? h('p', { class: 'muted' }, 'No files yet.') :
      table(['version', 'files', 'bytes', 'current', 'uploaded', ''], versions.items.map(v => [v.version, v.fileCount,
        v.totalBytes, v.current ? 'yes' : '', time(v.createdAt),
        h('button', { type: 'button', class: 'plain', onclick: event => showFiles(spider, v, event.target) }, `Files of version ${v.version}`)])));
}

async function showFiles(spider, version, button) {
  try {
    const files = await get(`/api/spiders/${spider.id}/versions/${version.version}/files`);
    const list = files.files || files.items || files;
    button.replaceWith(h('ul', {}, (Array.isArray(list) ? list : []).map(f => h('li', {},
      h('a', { href: `/api/spiders/${spider.id}/versions/${version.version}/files/${f.path}` }, f.path), ` ${f.size} bytes`))));
  } catch (e) { showError(e); }
}

function runForm(spider, versions, nodes) {
  const params = field('Parameters (one name=value a line)', { name: 'params', rows: 2 }, 'textarea');
  const env = field('Environment (one NAME=value a line)', { name: 'env', rows: 2 }, 'textarea');
  const version = select('Version', [['', 'current'], ...versions.map(v => [String(v.version), `version ${v.version}`])]);
  const mode = select('Nodes', [['random', 'any node'], ['selected', 'selected nodes'], ['all', 'every node']]);
  const chosen = field('Selected node keys (comma-separated)', { name: 'nodes', placeholder: nodes.map(n => n.key).join(', ') });
  const error = errorSlot();
  return h('form', { class: 'card', id: 'run-spider', 'aria-labelledby': 'run-title', onsubmit: async event => {
    event.preventDefault();
    const body = { params: pairs(params.control.value), env: pairs(env.control.value), mode: mode.control.value };
    if (version.control.value) body.version = Number(version.control.value);
    if (mode.control.value === 'selected') body.nodes = chosen.control.value.split(',').map(s => s.trim()).filter(Boolean);
    try {
      const run = await post(`/api/spiders/${spider.id}/run`, body);
      location.hash = run.tasks ? `#/tasks?spider=${spider.id}` : `#/tasks/${run.id}`;
    } catch (e) { showError(e, error); }
  } }, h('h2', { id: 'run-title' }, 'Run'), params.element, env.element, version.element, mode.element, chosen.element,
  error, h('button', { type: 'submit' }, 'Run now'));
}

function uploadForm(spider, uploaded) {
  const input = field('Files or a .zip', { type: 'file', name: 'files', multiple: true });
  const status = h('p', { 'aria-live': 'polite' });
  const error = errorSlot();
  let dropped = null;
  const drop = h('div', { class: 'drop', id: 'drop-zone' }, 'Or drop files or a zip here');
  drop.addEventListener('dragover', e => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', e => {
    e.preventDefault();
    drop.classList.remove('over');
    dropped = [...e.dataTransfer.files];
    status.textContent = `${dropped.length} file(s) ready: ${dropped.map(f => f.name).join(', ')}`;
  });
  return h('form', { class: 'card', id: 'upload-version', 'aria-labelledby': 'upload-title', onsubmit: async event => {
    event.preventDefault();
    const files = dropped || [...input.control.files];
    if (files.length === 0) return showError(new Error('choose or drop files first'), error);
    const form = new FormData();
    const zip = files.length === 1 && files[0].name.toLowerCase().endsWith('.zip');
    for (const file of files) form.append(zip ? 'zip' : 'files', file, file.webkitRelativePath || file.name);
    try {
      const version = await call('POST', `/api/spiders/${spider.id}/versions`, form);
      status.textContent = `Uploaded version ${version.version}.`;
      dropped = null;
      input.control.value = '';
      await uploaded();
    } catch (e) { showError(e, error); }
  } }, h('h2', { id: 'upload-title' }, 'Upload a version'), input.element, drop, status, error,
  h('button', { type: 'submit' }, 'Upload'));
}

function editForm(spider) {
  const description = field('Description', { name: 'description', value: spider.description || '' });
  const command = spider.type === 'command' ? field('Command', { name: 'command', value: spider.command }) : null;
  const attempts = field('Max attempts', { type: 'number', name: 'maxAttempts', min: 1, max: 20, value: spider.maxAttempts });
  const runtime = field('Runtime limit in seconds (0: none)', { type: 'number', name: 'runtimeLimitSeconds', min: 0,
    value: spider.runtimeLimitSeconds });
  const env = field('Environment (one NAME=value a line)', { name: 'env', rows: 2,
    value: Object.entries(spider.env || {}).map(([k, v]) => `${k}=${v}`).join('\n') }, 'textarea');
  const error = errorSlot();
  return h('form', { class: 'card', id: 'edit-spider', 'aria-labelledby': 'edit-title', onsubmit: async event => {
    event.preventDefault();
    const body = { description: description.control.value, maxAttempts: Number(attempts.control.value),
      runtimeLimitSeconds: Number(runtime.control.value), env: pairs(env.control.value) };
    if (command) body.command = command.control.value;
    try {
      await patch(`/api/spiders/${spider.id}`, body);
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    } catch (e) { showError(e, error); }
  } }, h('h2', { id: 'edit-title' }, 'Settings'), description.element, command && command.element, attempts.element,
  runtime.element, env.element, error, h('button', { type: 'submit' }, 'Save settings'));
}
