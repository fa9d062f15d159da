// Tapdeck admin pages: sessions, one session's timeline, audit, recordings; live over Server-Sent Events.
// Everything is built with DOM calls (textContent), never from HTML strings: the data is traffic.
'use strict';

const T = window.Tapdeck;
const { h, fmtBytes, fmtDuration, fmtTime } = T;
const main = document.getElementById('main');
const state = { sessions: new Map(), audit: [], rules: new Map(), feed: null, view: null, status: null, early: [] };

async function api(path) {
  const res = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (!res.ok) {
    throw new Error(res.status + ' ' + (await res.text()).trim());
  }
  return res.json();
}

// ---- live feed ---------------------------------------------------------------------------------------------

function connect(sessionId) {
  if (state.feed) {
    state.feed.close();
  }
  const feed = new EventSource('/api/events' + (sessionId ? '?session=' + encodeURIComponent(sessionId) : ''));
  const live = document.getElementById('live');
  feed.onopen = () => live.className = 'live on';
  feed.onerror = () => live.className = 'live off';
  feed.addEventListener('session', e => {
    const row = JSON.parse(e.data);
    state.sessions.set(row.id, row);
    forgetOldSessions();
    if (state.view && state.view.onSession) state.view.onSession(row);
  });
  feed.addEventListener('audit', e => {
    const row = JSON.parse(e.data);
    state.audit.push(row);
    if (state.view && state.view.onAudit) state.view.onAudit(row);
  });
  feed.addEventListener('line', e => {
    const line = JSON.parse(e.data);
    // a line may arrive while the page still loads its first events: kept, replayed once it has them
    if (state.view && state.view.onLine) state.view.onLine(line); else if (state.early.length < 5000) state.early.push(line);
  });
  feed.addEventListener('resync', () => route());
  state.feed = feed;
}

/** The browser keeps no more rows than the server does (the newest by start). */
function forgetOldSessions() {
  const max = state.status && state.status.limits ? state.status.limits.maxSessions : 200;
  if (state.sessions.size <= max) return;
  const oldest = [...state.sessions.values()].sort((a, b) => (a.startedAt || '').localeCompare(b.startedAt || ''));
  oldest.slice(0, state.sessions.size - max).forEach(r => state.sessions.delete(r.id));
}

// ---- sessions list -----------------------------------------------------------------------------------------

function counts(row) {
  return [['violations', 'n-viol'], ['warnings', 'n-warn'], ['notices', 'n-note']].map(([k, cls]) =>
    h('td', { class: 'num ' + (row[k] ? cls : 'n0') }, String(row[k] || 0)));
}

function sessionRow(row) {
  const status = row.ended ? (row.incomplete ? h('span', { class: 'pill incomplete' }, 'incomplete') : h('span', { class: 'pill ended' }, 'ended'))
    : h('span', { class: 'pill live' }, 'live');
  return h('tr', { class: 'clickable', 'data-session-id': row.id, onclick: () => location.hash = '#/session/' + encodeURIComponent(row.id) },
    h('td', { class: 'nowrap' }, fmtTime(row.startedAt)),
    h('td', {}, h('span', { class: 'pill ' + row.protocol }, row.protocol || '?')),
    h('td', { class: 'mono nowrap' }, row.client || ''),
    h('td', { class: 'nowrap' }, row.user || h('span', { class: 'muted' }, '—')),
    h('td', { class: 'mono wrap' }, row.upstream || ''),
    h('td', { class: 'mono wrap' }, row.endpoint || row.path || ''),
    h('td', { class: 'num' }, fmtDuration(row.durationMillis)),
    h('td', { class: 'num' }, String(row.exchanges)),
    h('td', { class: 'num', title: 'client → server / server → client' }, fmtBytes(row.bytes.c2s) + ' / ' + fmtBytes(row.bytes.s2c)),
    ...counts(row),
    h('td', {}, status));
}

async function sessionsView() {
  const q = h('input', { type: 'search', placeholder: 'Search client, user, upstream, endpoint, rule…', autofocus: true });
  const protocol = h('select', {}, h('option', { value: '' }, 'all protocols'), h('option', { value: 'winrm' }, 'WinRM'), h('option', { value: 'websocket' }, 'WebSocket'));
  const live = h('input', { type: 'checkbox' });
  const problems = h('input', { type: 'checkbox' });
  const count = h('span', { class: 'count' });
  const tbody = h('tbody');
  const table = h('table', { class: 'grid', id: 'sessions-table' },
    h('thead', {}, h('tr', {}, ...['Started', 'Protocol', 'Client', 'User', 'Upstream', 'Endpoint'].map(t => h('th', {}, t)),
      ...['Duration', 'Exch.', 'Bytes ↑/↓', 'Viol.', 'Warn.', 'Notices'].map(t => h('th', { class: 'num' }, t)), h('th', {}, 'State'))),
    tbody);
  const empty = h('div', { class: 'empty' }, 'No sessions yet. Point a WinRM or WebSocket client at the proxy: sessions appear here as they start.');
  main.replaceChildren(h('h1', {}, 'Sessions', h('span', { class: 'sub' }, 'one row per client connection, newest first')),
    h('div', { class: 'toolbar' }, q, protocol, h('label', { class: 'check' }, live, 'live only'), h('label', { class: 'check' }, problems, 'with violations or warnings'), count),
    table, empty);
  const matches = row => {
    const needle = q.value.trim().toLowerCase();
    const text = [row.id, row.client, row.user, row.upstream, row.endpoint, row.path, ...(row.rules || [])].join('\n').toLowerCase();
    return (!protocol.value || row.protocol === protocol.value) && (!live.checked || !row.ended)
      && (!problems.checked || row.violations + row.warnings > 0) && (!needle || text.includes(needle));
  };
  const render = () => {
    const rows = [...state.sessions.values()].sort((a, b) => (b.startedAt || '').localeCompare(a.startedAt || '')).filter(matches);
    tbody.replaceChildren(...rows.map(sessionRow));
    count.textContent = rows.length + ' of ' + state.sessions.size + ' session(s)';
    table.hidden = rows.length === 0;
    empty.hidden = rows.length > 0;
  };
  [q, protocol, live, problems].forEach(el => el.addEventListener('input', render));
  for (const row of await api('/api/sessions')) state.sessions.set(row.id, row);
  forgetOldSessions();
  render();
  return {
    onSession(row) {
      const old = tbody.querySelector('tr[data-session-id="' + CSS.escape(row.id) + '"]');
      if (!matches(row)) { if (old) old.remove(); return; }
      const tr = sessionRow(row);
      if (old) old.replaceWith(tr); else { render(); const fresh = tbody.querySelector('tr[data-session-id="' + CSS.escape(row.id) + '"]'); if (fresh) fresh.classList.add('fresh'); }
    }
  };
}

// ---- one session (live) or one recording: the same timeline ------------------------------------------------

function summaryCards(row) {
  const card = (k, v, cls) => h('div', { class: 'card' + (cls ? ' ' + cls : '') }, h('div', { class: 'k' }, k), h('div', { class: 'v', title: v }, v));
  const rules = row.violations + ' viol · ' + row.warnings + ' warn · ' + row.notices + ' notice';
  return h('div', { class: 'cards' },
    card('protocol', row.protocol || '?'), card('client', row.client || ''), card('user', row.user || '—'),
    card('upstream', row.upstream || '', 'wide'), card('endpoint', row.endpoint || row.path || ''), card('started', fmtTime(row.startedAt, true)),
    card('duration', fmtDuration(row.durationMillis) + (row.ended ? '' : ' (live)')), card('exchanges', String(row.exchanges)),
    card('bytes ↑ / ↓', fmtBytes(row.bytes.c2s) + ' / ' + fmtBytes(row.bytes.s2c)),
    card('rule occurrences', rules, row.violations ? 'bad' : row.warnings ? 'meh' : ''));
}

function timelineToolbar(timeline) {
  const q = h('input', { type: 'search', placeholder: 'Filter: action, ShellId, CommandId, text, rule…' });
  const only = h('input', { type: 'checkbox' });
  const frames = h('input', { type: 'checkbox' });
  const chunks = h('input', { type: 'checkbox' });
  const apply = () => timeline.filter({ text: q.value.trim().toLowerCase(), problemsOnly: only.checked, frames: frames.checked, chunks: chunks.checked });
  [q, only, frames, chunks].forEach(el => el.addEventListener('input', apply));
  return h('div', { class: 'toolbar' }, q, h('label', { class: 'check' }, only, 'rule occurrences only'),
    h('label', { class: 'check' }, frames, 'WebSocket frames'), h('label', { class: 'check' }, chunks, 'raw chunks'));
}

async function sessionView(id) {
  const data = await api('/api/sessions/' + encodeURIComponent(id) + '/events');
  let row = data.session;
  const head = h('div');
  const timeline = new T.Timeline(state.rules);
  const title = h('h1', {}, 'Session', h('span', { class: 'sub mono' }, id));
  const renderHead = () => head.replaceChildren(summaryCards(row));
  renderHead();
  const banner = data.forgotten > 0 ? h('div', { class: 'banner' }, data.forgotten + ' older event(s) are no longer in memory; the recording has them all.') : '';
  main.replaceChildren(title, head, banner, timelineToolbar(timeline), timeline.el);
  data.events.forEach(l => timeline.add(l));
  return {
    onSession(r) { if (r.id === id) { row = r; renderHead(); } },
    onLine(l) { timeline.add(l); }
  };
}

async function recordingView(name) {
  const data = await api('/api/recordings/' + encodeURIComponent(name));
  const timeline = new T.Timeline(state.rules);
  const links = h('span', { class: 'actions' }, ...recordingLinks(name).slice(1));
  const notes = [];
  if (data.total > data.events.length) notes.push(h('div', { class: 'banner' }, 'Showing events ' + (data.offset + 1) + ' to ' + (data.offset + data.events.length) + ' of ' + data.total + '.'));
  if (data.damaged && data.damaged.length) notes.push(h('div', { class: 'banner' }, 'Damaged lines: ' + data.damaged.join('; ')));
  main.replaceChildren(h('h1', {}, 'Recording', h('span', { class: 'sub mono' }, name), links), summaryCards(data.session), ...notes,
    timelineToolbar(timeline), timeline.el);
  timeline.add(data.header);
  data.events.forEach(l => timeline.add(l));
  return {};
}

function recordingLinks(name) {
  const base = '/api/recordings/' + encodeURIComponent(name);
  const links = [h('a', { href: '#/recording/' + encodeURIComponent(name) }, 'open'), h('a', { href: base + '/download', download: name }, 'download')];
  for (const format of (state.status && state.status.exports) || []) {
    links.push(h('a', { href: base + '/export?format=' + format, download: '', 'data-export': format }, format.toUpperCase()));
  }
  return links;
}

// ---- audit -------------------------------------------------------------------------------------------------

function auditRow(r) {
  const input = r.input || {};
  const inputText = input.text != null ? h('span', { class: 'data' }, T.preview(input.text, 80))
    : input.count ? h('span', {}, input.count + ' item(s), ' + fmtBytes(input.bytes)) : h('span', { class: 'muted' }, '—');
  const outcome = r.outcome || {};
  const state = (outcome.state || '?') + (outcome.exitCode != null ? ' (exit ' + outcome.exitCode + ')' : '');
  return h('tr', { class: 'clickable', 'data-session-id': r.sessionId, onclick: () => location.hash = '#/session/' + encodeURIComponent(r.sessionId) },
    h('td', { class: 'nowrap' }, fmtTime(r.at)),
    h('td', { class: 'nowrap' }, (r.user || '?') + ' ', h('span', { class: 'muted mono' }, r.client || '')),
    h('td', { class: 'mono wrap' }, r.upstream || ''),
    h('td', { class: 'mono' }, r.endpoint || ''),
    h('td', { class: 'mono wrap' }, r.text || ''),
    h('td', { class: 'mono wrap' }, inputText),
    h('td', { class: 'nowrap ' + (outcome.errors && outcome.errors.length || /Failed|Stopped/.test(outcome.state) ? 'n-viol' : '') }, state,
      r.complete ? '' : h('span', { class: 'pill incomplete', title: r.incompleteReason || '' }, 'incomplete')));
}

async function auditView() {
  const q = h('input', { type: 'search', placeholder: 'Search user, host, command, input, outcome…' });
  const csv = h('a', { class: 'button', href: '/api/audit?format=csv', download: 'tapdeck-audit.csv' }, 'Export CSV');
  const json = h('a', { class: 'button', href: '/api/audit?format=json', download: 'tapdeck-audit.json' }, 'Export JSON');
  const count = h('span', { class: 'count' });
  const tbody = h('tbody');
  const table = h('table', { class: 'grid', id: 'audit-table' },
    h('thead', {}, h('tr', {}, ...['At', 'Who', 'Where', 'Endpoint', 'Command', 'Input', 'Outcome'].map(t => h('th', {}, t)))), tbody);
  const empty = h('div', { class: 'empty' }, 'No commands yet: every command run through the proxy (a PowerShell pipeline, a cmd command line) is listed here when it ends.');
  main.replaceChildren(h('h1', {}, 'Audit', h('span', { class: 'sub' }, 'commands run through the proxy: who, where, what, with which input, and how it ended')),
    h('div', { class: 'toolbar' }, q, csv, json, count), table, empty);
  state.audit = await api('/api/audit');
  const render = () => {
    const needle = q.value.trim();
    const rows = state.audit.filter(r => T.auditMatches(r, needle.toLowerCase())).reverse();
    tbody.replaceChildren(...rows.map(auditRow));
    count.textContent = rows.length + ' of ' + state.audit.length + ' command(s)';
    table.hidden = rows.length === 0;
    empty.hidden = rows.length > 0;
    const param = needle ? '&q=' + encodeURIComponent(needle) : '';
    csv.href = '/api/audit?format=csv' + param;
    json.href = '/api/audit?format=json' + param;
  };
  q.addEventListener('input', render);
  render();
  return { onAudit: render };
}

// ---- recordings --------------------------------------------------------------------------------------------

async function recordingsView() {
  const list = await api('/api/recordings');
  const dir = state.status && state.status.recordDir;
  const exports = (state.status && state.status.exports) || [];
  const note = exports.length ? '' : ' (HAR and pcapng: tapdeck export)';
  const body = list.length ? h('table', { class: 'grid', id: 'recordings-table' },
    h('thead', {}, h('tr', {}, ...['Started', 'Protocol', 'Client', 'Upstream', 'File'].map(t => h('th', {}, t)), h('th', { class: 'num' }, 'Size'), h('th', {}, 'State'), h('th', {}, ''))),
    h('tbody', {}, ...list.map(r => h('tr', { 'data-recording': r.name },
      h('td', { class: 'nowrap' }, fmtTime(r.startedAt || r.modified)),
      h('td', {}, h('span', { class: 'pill ' + (r.protocol || '') }, r.protocol || '?')),
      h('td', { class: 'mono' }, r.client || ''),
      h('td', { class: 'mono wrap' }, r.upstream || ''),
      h('td', { class: 'mono wrap' }, r.name, r.problem ? h('div', { class: 'n-viol' }, r.problem) : ''),
      h('td', { class: 'num' }, fmtBytes(r.size)),
      h('td', {}, r.ended ? h('span', { class: 'pill ended' }, 'complete') : h('span', { class: 'pill incomplete' }, 'open or cut short')),
      h('td', { class: 'actions' }, ...recordingLinks(r.name))))))
    : h('div', { class: 'empty' }, dir ? 'No recordings in ' + dir + ' yet.' : 'The proxy does not record: start it with --record DIR.');
  main.replaceChildren(h('h1', {}, 'Recordings', h('span', { class: 'sub mono' }, (dir || '') + note)), body);
  return {};
}

// ---- routing -----------------------------------------------------------------------------------------------

async function route() {
  const [, page, arg] = (location.hash || '#/sessions').match(/^#\/([a-z]+)\/?(.*)$/) || [null, 'sessions', ''];
  const id = decodeURIComponent(arg || '');
  document.querySelectorAll('[data-nav]').forEach(a => a.classList.toggle('active',
    a.dataset.nav === page || (page === 'session' && a.dataset.nav === 'sessions') || (page === 'recording' && a.dataset.nav === 'recordings')));
  state.view = null;
  state.early = [];
  connect(page === 'session' ? id : null);
  const views = { sessions: sessionsView, session: sessionView, audit: auditView, recordings: recordingsView, recording: recordingView };
  try {
    const view = await (views[page] || sessionsView)(id);
    if (view.onLine) state.early.forEach(l => view.onLine(l));
    state.early = [];
    state.view = view;
  } catch (e) {
    main.replaceChildren(h('div', { class: 'empty n-viol' }, String(e.message || e)));
  }
}

async function init() {
  try {
    state.status = await api('/api/status');
    document.getElementById('status').textContent = 'tapdeck ' + state.status.tapdeck;
    for (const r of await api('/api/rules')) state.rules.set(r.id, r);
  } catch (e) {
    main.replaceChildren(h('div', { class: 'empty n-viol' }, String(e.message || e)));
    return;
  }
  window.addEventListener('hashchange', route);
  route();
}

init();
