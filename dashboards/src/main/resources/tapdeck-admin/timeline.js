// The timeline of one session, from its recording lines (recorder/FORMAT.md): WS-Man operations with their PSRP
// messages nested under them, or WebSocket messages and frames; rule occurrences under the item they were
// found in; each item expands to its decoded fields, text and hex. Shared helpers for app.js too.
'use strict';

(function () {
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else if (k === 'class') el.className = v;
      else if (k === 'hidden' || k === 'autofocus') el[k] = !!v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) {
      if (c == null || c === '') continue;
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
  }

  function fmtBytes(n) {
    if (n == null) return '';
    if (n < 1024) return n + ' B';
    if (n < 1024 * 1024) return (n / 1024).toFixed(1) + ' KiB';
    return (n / 1024 / 1024).toFixed(1) + ' MiB';
  }

  function fmtDuration(ms) {
    if (ms == null) return '';
    if (ms < 1000) return ms + ' ms';
    if (ms < 60000) return (ms / 1000).toFixed(1) + ' s';
    const m = Math.floor(ms / 60000);
    return m < 60 ? m + ' m ' + Math.floor(ms % 60000 / 1000) + ' s' : Math.floor(m / 60) + ' h ' + m % 60 + ' m';
  }

  function fmtTime(iso, full) {
    if (!iso) return '';
    const d = new Date(iso);
    const time = d.toLocaleTimeString([], { hour12: false });
    return full || d.toDateString() !== new Date().toDateString() ? d.toLocaleDateString() + ' ' + time : time;
  }

  const fmtMs = nanos => (nanos / 1e6).toFixed(nanos < 1e7 ? 2 : 0) + ' ms';
  const short = id => id ? String(id).slice(0, 8) : '?';
  const last = uri => uri ? String(uri).slice(String(uri).lastIndexOf('/') + 1) : '';

  function preview(text, max) {
    const s = String(text).replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
    return s.length > max ? s.slice(0, max) + '…' : s;
  }

  function bytesOf(b64) {
    try {
      const bin = atob(b64 || '');
      const out = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
      return out;
    } catch (e) {
      return new Uint8Array(0);
    }
  }

  const utf8 = bytes => new TextDecoder('utf-8', { fatal: false }).decode(bytes);

  function hexdump(bytes) {
    const lines = [];
    for (let i = 0; i < bytes.length; i += 16) {
      const row = bytes.slice(i, i + 16);
      const hex = [...row].map(b => b.toString(16).padStart(2, '0')).join(' ').padEnd(47);
      const ascii = [...row].map(b => b >= 32 && b < 127 ? String.fromCharCode(b) : '.').join('');
      lines.push(i.toString(16).padStart(8, '0') + '  ' + hex + '  |' + ascii + '|');
    }
    return lines.join('\n') || '(empty)';
  }

  /** XML with one element per line: WinRM bodies come as one long line. */
  function indentXml(xml) {
    let depth = 0;
    return xml.replace(/>\s*</g, '>\n<').split('\n').map(line => {
      if (/^<\//.test(line)) depth = Math.max(0, depth - 1);
      const out = '  '.repeat(depth) + line;
      if (/^<[^!?/][^>]*[^/]>$/.test(line) && !/<\//.test(line)) depth++;
      return out;
    }).join('\n');
  }

  function auditMatches(r, needle) {
    if (!needle) return true;
    return [r.user, r.client, r.upstream, r.endpoint, r.text, r.sessionId, r.outcome && r.outcome.state, r.input && r.input.text]
      .join('\n').toLowerCase().includes(needle);
  }

  // ---- what an item says -----------------------------------------------------------------------------------

  function streamText(s) {
    const bytes = bytesOf(s.data);
    const text = utf8(bytes);
    const printable = !/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text);
    return [h('span', { class: 'tag' }, s.name + ' ' + fmtBytes(bytes.length)), ' ',
      bytes.length ? (printable ? h('span', { class: 'data' }, preview(text, 120)) : h('span', { class: 'muted' }, '(binary)')) : '',
      s.end ? h('span', { class: 'tag' }, 'End') : ''];
  }

  function describeRequest(req) {
    const env = req.decoded && req.decoded.envelope;
    if (!env) return { op: req.head.method, what: [req.head.uri, ' ', h('span', { class: 'muted' }, kindOf(req))] };
    const hd = env.header, b = env.body || {};
    const shell = hd.selectors && hd.selectors.ShellId;
    const ids = (cmd) => [shell ? h('span', { class: 'tag' }, 'shell ' + short(shell)) : '', cmd ? h('span', { class: 'tag' }, 'cmd ' + short(cmd)) : ''];
    switch (hd.action) {
      case 'Create': return { op: 'Create', what: ['shell ', h('b', {}, last(hd.resourceUri))] };
      case 'Command': return { op: 'Command', what: [h('span', { class: 'data' }, [b.command, ...(b.arguments || [])].join(' ')), ...ids(b.commandId)] };
      case 'Send': return { op: 'Send', what: [...(b.streams || []).flatMap(s => [...streamText(s), ' ']), ...ids((b.streams || [])[0] && b.streams[0].commandId)] };
      case 'Receive': return { op: 'Receive', what: [(b.desiredStreams || []).join(' '), ...ids(b.commandId)] };
      case 'Signal': return { op: 'Signal', what: [last(b.code), ...ids(b.commandId)] };
      case 'Delete': return { op: 'Delete', what: ids(null) };
      default: return { op: hd.action === 'Unknown' ? last(hd.actionUri) || 'Unknown' : hd.action, what: ids(null) };
    }
  }

  function describeResponse(res) {
    const env = res.decoded && res.decoded.envelope;
    const status = res.head.status === 200 ? '' : 'HTTP ' + res.head.status + ' ';
    if (!env) return status + kindOf(res);
    const b = env.body || {};
    switch (env.header.action) {
      case 'CreateResponse': return status + 'ShellId ' + short(b.shellId);
      case 'CommandResponse': return status + 'CommandId ' + short(b.commandId);
      case 'ReceiveResponse': {
        const out = (b.streams || []).filter(s => s.data).map(s => s.name + ' ' + fmtBytes(bytesOf(s.data).length));
        const done = (b.commandStates || []).filter(c => c.done).map(c => 'Done' + (c.exitCode != null ? ' exit ' + c.exitCode : ''));
        return status + [...out, ...done].join(', ') || status + 'ReceiveResponse';
      }
      case 'Fault': return status + 'Fault ' + (b.reason ? preview(b.reason, 60) : last(b.subcode || b.code));
      default: return status + (env.header.action === 'Unknown' ? last(env.header.actionUri) : env.header.action);
    }
  }

  function kindOf(m) {
    const d = m.decoded;
    if (!d) return fmtBytes(m.bodyBytes);
    return d.bodyKind === 'ENCRYPTED' ? 'multipart/encrypted ' + fmtBytes(m.bodyBytes) + ' (sealed)' : d.bodyKind === 'EMPTY' ? '(empty body)' : 'undecodable ' + fmtBytes(m.bodyBytes);
  }

  // ---- the timeline ----------------------------------------------------------------------------------------

  class Timeline {
    constructor(rules) {
      this.rules = rules;
      this.el = h('div', { class: 'timeline', id: 'timeline' });
      this.exchanges = new Map();
      this.seen = new Set();
      this.t0 = 0;
      this.opts = { text: '', problemsOnly: false, frames: false, chunks: false };
    }

    add(line) {
      if (this.seen.has(line.seq)) return; // a line both loaded and pushed live
      this.seen.add(line.seq);
      if (line.type === 'header') {
        this.t0 = line.t;
        this.item(line, 'session', [line.protocol + ' ', h('span', { class: 'mono' }, line.client + ' → ' + line.upstream)], { minor: true });
      } else if (line.type === 'http') {
        this.http(line);
      } else {
        this.other(line);
      }
    }

    http(line) {
      let x = this.exchanges.get(line.exchange);
      if (!x) {
        x = { el: h('div', { class: 'item', 'data-type': 'exchange', 'data-exchange': line.exchange }) };
        this.exchanges.set(line.exchange, x);
        this.place(x.el);
      }
      if (line.dir === 'c2s') x.req = line; else x.res = line;
      this.renderExchange(x);
    }

    renderExchange(x) {
      const req = x.req, res = x.res;
      const d = req ? describeRequest(req) : { op: '(response)', what: [] };
      const violations = [...(req ? req.violations : []), ...(res ? res.violations : [])];
      const verdict = [req, res].map(m => m && m.verdict).find(v => v && v !== 'FORWARDED');
      const resp = res ? [describeResponse(res), req ? '  ' + fmtMs(res.t - req.t) : ''].join('') : '…';
      x.el.dataset.action = d.op;
      x.el.className = 'item' + this.severityClass(violations) + (verdict === 'BLOCKED' ? ' blocked' : '') + (x.el.classList.contains('open') ? ' open' : '');
      const psrp = [...(req && req.decoded ? req.decoded.psrpMessages || [] : []), ...(res && res.decoded ? res.decoded.psrpMessages || [] : [])];
      const row = this.row((req || res).t, '#' + (req || res).exchange, d.op + (verdict ? ' [' + verdict.toLowerCase() + ']' : ''), d.what, resp);
      const children = [row];
      if (psrp.length) {
        children.push(h('div', { class: 'psrp' }, ...psrp.map(p => h('div', { 'data-psrp-type': p.type },
          h('b', {}, p.type), ' ', p.destination === 1 ? 'to client' : 'to server',
          p.pid && !/^0{8}-/.test(p.pid) ? ' pid ' + short(p.pid) : '', p.summary ? '  ' + preview(p.summary, 140) : ''))));
      }
      if (violations.length) children.push(this.ruleList(violations));
      const detail = x.el.querySelector(':scope > .detail');
      if (detail) children.push(this.detail([['Request', req], ['Response', res]]));
      x.el.replaceChildren(...children);
      row.onclick = () => this.toggle(x.el, () => this.detail([['Request', req], ['Response', res]]));
      this.applyFilter(x.el);
    }

    other(line) {
      const dir = line.dir === 'c2s' ? '→ ' : line.dir === 's2c' ? '← ' : '';
      const v = line.violation ? [line.violation] : line.violations || [];
      switch (line.type) {
        case 'audit': {
          const input = line.input && line.input.text != null ? ['  input ', h('span', { class: 'data' }, preview(line.input.text, 80))]
            : line.input && line.input.count ? ['  input ' + line.input.count + ' item(s)'] : [];
          const outcome = (line.outcome && line.outcome.state || '?') + (line.outcome && line.outcome.exitCode != null ? ' exit ' + line.outcome.exitCode : '');
          return this.item(line, 'audit', [(line.user || '?') + ' ' + (line.endpoint || '') + ': ', h('span', { class: 'data' }, line.text), ...input, '  ⇒ ' + outcome], { cls: 'audit' });
        }
        case 'transport-failed': return this.item(line, line.what, [line.detail || ''], { cls: 'failed', ex: '#' + line.exchange });
        case 'plugin': return this.item(line, 'plug-in ' + line.plugin, [line.subject + ' ', h('b', {}, line.outcome), line.reason ? ': ' + line.reason : ''], { cls: line.outcome === 'PASSED' ? 'minor' : 'failed' });
        case 'recording-stopped': return this.item(line, 'recording stopped', [line.reason], { cls: 'failed' });
        case 'end': return this.item(line, 'session ended', [line.reason + ', ' + line.exchanges + ' exchange(s), ' + fmtBytes(line.bytes.c2s) + ' ↑ ' + fmtBytes(line.bytes.s2c) + ' ↓', line.incomplete ? ' (incomplete: ' + line.incompleteReason + ')' : ''], { minor: true });
        case 'ws-handshake': return this.item(line, 'Upgrade', [line.request.method + ' ' + line.request.uri], { violations: v, ex: '#' + line.exchange,
          resp: line.response.status + (line.subprotocol ? ' ' + line.subprotocol : '') + (line.extensions && line.extensions.length ? ' ' + line.extensions.join(', ') : ''), views: [['Request', line.request], ['Response', line.response]] });
        case 'ws-message': return this.item(line, dir + line.kind, [h('span', { class: 'tag' }, fmtBytes(line.size) + (line.compressed ? ' deflated' : '')), ' ',
          line.text != null ? h('span', { class: 'data' }, preview(line.text, 160)) : h('span', { class: 'mono' }, line.hex || ''), line.truncated ? '…' : '']);
        case 'ws-frame': return this.item(line, dir + 'frame ' + line.op, ['fin=' + line.fin + ' rsv=' + line.rsv + ' mask=' + line.mask + ' len=' + line.len + ' ' + line.buf], { kind: 'frame', minor: true });
        case 'ws-chunk': return this.item(line, dir + 'chunk', ['offset ' + line.off + ', ' + fmtBytes(line.dataBytes)], { kind: 'chunk', minor: true, bytes: line.data });
        case 'ws-close': return this.item(line, dir + 'Close', [(line.code != null ? line.code : '(no code)') + (line.reason ? ' ' + line.reason : '')]);
        case 'ws-violation': return this.item(line, dir + 'rule', ['frame ' + line.i + ' at byte ' + line.at + (line.blocking ? ' (enforced)' : '')], { violations: v });
        case 'ws-enforced': return this.item(line, 'enforced', ['closed with ' + line.closeCode + ': server ' + line.towardServer + ', client ' + line.towardClient], { cls: 'failed' });
        case 'ws-stopped': return this.item(line, dir + 'decoding stopped', [line.reason], { cls: 'failed' });
        case 'ws-end': return this.item(line, dir + 'stream ended', [fmtBytes(line.bytes) + (line.midFrame ? ', cut inside a frame' : '')], { minor: true });
        default: return this.item(line, line.type, [''], { minor: true });
      }
    }

    item(line, op, what, o) {
      o = o || {};
      const violations = o.violations || [];
      const el = h('div', { class: 'item' + this.severityClass(violations) + (o.cls ? ' ' + o.cls : '') + (o.minor ? ' minor' : ''), 'data-type': line.type, 'data-kind': o.kind || '' });
      const row = this.row(line.t, o.ex || '', op, what, o.resp || '');
      el.append(row);
      if (violations.length) el.append(this.ruleList(violations));
      row.onclick = () => this.toggle(el, () => o.bytes != null ? this.detail([['Chunk', { body: o.bytes }]]) : this.detail(o.views || [['Line', line]]));
      this.place(el);
      this.applyFilter(el);
    }

    row(t, ex, op, what, resp) {
      return h('div', { class: 'row' }, h('span', { class: 't' }, ((t - this.t0) / 1e9).toFixed(3)), h('span', { class: 'ex' }, ex),
        h('span', { class: 'op', title: op }, op), h('span', { class: 'what' }, what), h('span', { class: 'resp' }, resp));
    }

    severityClass(violations) {
      const sev = violations.map(v => v.severity);
      return sev.includes('VIOLATION') ? ' viol' : sev.includes('WARNING') ? ' warn' : sev.includes('NOTICE') ? ' note' : '';
    }

    ruleList(violations) {
      return h('div', { class: 'rules' }, ...violations.map(v => {
        const rule = this.rules.get(v.rule);
        return h('div', { class: 'rule ' + v.severity, 'data-rule': v.rule },
          h('span', { class: 'id' }, v.rule), ' ', h('span', { class: 'sec' }, '[' + (v.section || (rule && rule.section) || '') + ']'), ' ',
          v.detail || v.subject || '', rule ? h('div', { class: 'why' }, rule.description) : '');
      }));
    }

    toggle(el, build) {
      const open = el.querySelector(':scope > .detail');
      if (open) { open.remove(); el.classList.remove('open'); return; }
      el.classList.add('open');
      el.append(build());
    }

    /** Tabs over the parts of an item: decoded fields, body text, hex, headers. */
    detail(parts) {
      const views = [];
      for (const [name, m] of parts) {
        if (!m) continue;
        if (m.decoded) views.push([name + ' decoded', () => JSON.stringify(m.decoded.envelope || m.decoded, null, 2)]);
        if (m.body != null) {
          const bytes = bytesOf(m.body);
          const text = utf8(bytes);
          const more = m.bodyTruncated ? '\n… (first ' + fmtBytes(bytes.length) + ' of ' + fmtBytes(m.bodyBytes) + ' kept in memory; the recording has all)' : '';
          views.push([name + ' body', () => (/^\s*</.test(text) ? indentXml(text) : text) + more]);
          views.push([name + ' hex', () => hexdump(bytes) + more, true]);
        }
        const head = m.head || (m.headers ? m : null);
        if (head) views.push([name + ' headers', () => [(head.method ? head.method + ' ' + head.uri : head.status) + ' ' + (head.version || ''), ...(head.headers || []).map(([k, v]) => k + ': ' + v)].join('\n')]);
        if (!m.decoded && m.body == null && !head) views.push([name, () => JSON.stringify(m, null, 2)]);
      }
      const pre = h('pre', { class: 'view' });
      const tabs = h('div', { class: 'tabs' });
      const show = i => {
        tabs.querySelectorAll('button').forEach((b, j) => b.classList.toggle('on', i === j));
        pre.textContent = views[i][1]();
        pre.classList.toggle('hex', !!views[i][2]);
      };
      views.forEach(([name], i) => tabs.append(h('button', { type: 'button', onclick: () => show(i) }, name)));
      if (views.length) show(0);
      return h('div', { class: 'detail' }, tabs, pre);
    }

    place(el) {
      this.el.append(el);
    }

    filter(opts) {
      this.opts = opts;
      this.el.querySelectorAll(':scope > .item').forEach(el => this.applyFilter(el));
    }

    applyFilter(el) {
      const o = this.opts;
      const kind = el.dataset.kind;
      el.hidden = (kind === 'frame' && !o.frames) || (kind === 'chunk' && !o.chunks)
        || (o.problemsOnly && !el.querySelector('.rule')) || (!!o.text && !el.textContent.toLowerCase().includes(o.text));
    }
  }

  window.Tapdeck = { h, fmtBytes, fmtDuration, fmtTime, preview, auditMatches, Timeline };
})();
