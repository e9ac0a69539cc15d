// The console: a page per hash route, drawn from the API with the signed-in session.
import { call, get } from './api.js';
import { h, field, showError, clearNotice, errorSlot } from './ui.js';
import { dashboard } from './dashboard.js';
import { spiders, spiderPage } from './spiders.js';
import { tasks, taskPage } from './tasks.js';
import { schedules, nodes, tokens } from './admin.js';

export const session = { role: null, name: null, canWrite: false, isAdmin: false };

const routes = [
  [/^#\/dashboard$/, dashboard],
  [/^#\/spiders$/, spiders],
  [/^#\/spiders\/(\d+)$/, spiderPage],
  [/^#\/tasks(?:\?(.*))?$/, tasks],
  [/^#\/tasks\/(\d+)$/, taskPage],
  [/^#\/schedules$/, schedules],
  [/^#\/nodes$/, nodes],
  [/^#\/tokens$/, tokens],
];

/** What a page leaves running (a log stream, a refresh timer), stopped when another page is shown. */
let cleanups = [];
export function onLeave(fn) { cleanups.push(fn); }

/** Which drawing of a page is the latest: an older one still loading when another page is asked for is dropped. */
let generation = 0;

async function show() {
  const mine = ++generation;
  cleanups.forEach(fn => { try { fn(); } catch (e) { /* already stopped */ } });
  cleanups = [];
  clearNotice();
  const main = document.getElementById('main');
  const hash = location.hash || '#/dashboard';
  for (const link of document.querySelectorAll('nav a')) {
    link.toggleAttribute('aria-current', hash.startsWith(link.getAttribute('href')));
    if (hash.startsWith(link.getAttribute('href'))) link.setAttribute('aria-current', 'page');
  }
  const route = routes.find(([pattern]) => pattern.test(hash));
  main.replaceChildren();
  delete main.dataset.shown;
  if (!route) {
    main.append(h('h1', {}, 'Not found'), h('p', {}, 'There is no page ' + hash + '.'));
    return;
  }
  // Drawn apart and shown whole, so that a slow page never lands on top of the one asked for after it.
  const page = h('div', { class: 'page' });
  try {
    await route[1](page, ...hash.match(route[0]).slice(1));
    if (mine !== generation) return;
    main.replaceChildren(page);
    main.dataset.shown = hash;
  } catch (e) {
    if (mine !== generation) return;
    if (e.status === 401) return signIn();
    showError(e);
  }
}

function signIn() {
  document.getElementById('nav').hidden = true;
  document.getElementById('sign-out').hidden = true;
  document.getElementById('who').textContent = '';
  const main = document.getElementById('main');
  const token = field('API token', { type: 'password', name: 'token', autocomplete: 'off', required: true });
  const error = errorSlot();
  const form = h('form', { class: 'card', 'aria-labelledby': 'sign-in-title', onsubmit: async event => {
    event.preventDefault();
    try {
      await call('POST', '/console/sign-in', { token: token.control.value });
      await start();
    } catch (e) {
      showError(e, error);
    }
  } },
  h('h1', { id: 'sign-in-title' }, 'Sign in'),
  h('p', { class: 'muted' }, 'Sign in with an API token (admin, operator or viewer). The console keeps a session cookie; the token is not stored in the browser.'),
  token.element, error, h('button', { type: 'submit' }, 'Sign in'));
  main.replaceChildren(form);
  token.control.focus();
}

async function start() {
  // Any console page first, so that the CSRF cookie is set before the first write.
  let me;
  try {
    me = await get('/api/whoami');
  } catch (e) {
    if (e.status === 401) return signIn();
    return showError(e);
  }
  Object.assign(session, me, { canWrite: me.role === 'operator' || me.role === 'admin', isAdmin: me.role === 'admin' });
  document.getElementById('who').textContent = `${me.name} (${me.role})`;
  document.getElementById('nav').hidden = false;
  document.getElementById('nav-tokens').hidden = !session.isAdmin;
  document.getElementById('sign-out').hidden = false;
  // Not location.hash = ...: that would draw the page a second time from the hashchange event.
  if (!location.hash) history.replaceState(null, '', '#/dashboard');
  await show();
}

document.getElementById('sign-out').addEventListener('click', async () => {
  try {
    await call('POST', '/console/sign-out');
  } finally {
    session.role = null;
    cleanups.forEach(fn => { try { fn(); } catch (e) { /* already stopped */ } });
    cleanups = [];
    history.replaceState(null, '', '/');
    signIn();
  }
});
window.addEventListener('hashchange', () => session.role ? show() : start());
start();
