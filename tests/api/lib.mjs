// lib.mjs: what the API and browser tests share: a triage server started on a
// free port, raw HTTP requests, a small test runner that ends with the line
// "N passed, N failed", and the stateless interview client.
import { spawn, execFileSync } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const TRIAGE = path.resolve(ROOT, process.env.TRIAGE_BIN || './triage');
// the test tools installed by make deps (npm ci --prefix tests/web)
export const requireTool = createRequire(path.join(ROOT, 'tests/web/package.json'));

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Starts `triage serve` with args on a free port; resolves once /healthz
// answers. The server's stderr is kept (server.log()).
export async function startServer(args = [], env = {}) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const child = spawn(TRIAGE, ['serve', '--listen', `127.0.0.1:${port}`, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stderr.on('data', (d) => { log += d; });
    child.stdout.on('data', (d) => { log += d; });
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    const server = {
      port, child, exited,
      base: `http://127.0.0.1:${port}`,
      log: () => log,
      stop: async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        return exited;
      },
    };
    for (let i = 0; i < 200; i++) {
      if (child.exitCode !== null) break;
      try {
        const r = await request(server, 'GET', '/healthz');
        if (r.status === 200) return server;
      } catch (e) { /* not yet listening */ }
      await sleep(25);
    }
    child.kill('SIGKILL');
    await exited;
    if (!/cannot listen/.test(log)) throw new Error('triage serve did not start:\n' + log);
  }
  throw new Error('no free port for triage serve');
}

// One HTTP request; body a string or Buffer (sent with Content-Length unless
// opts.chunked). Resolves {status, headers, body (text)}.
export function request(server, method, pathname, body, opts = {}) {
  return new Promise((resolve, reject) => {
    const headers = { ...(opts.headers || {}) };
    if (body !== undefined && !('Content-Type' in headers) && !opts.noType)
      headers['Content-Type'] = 'application/json';
    if (body !== undefined && !opts.chunked) headers['Content-Length'] = Buffer.byteLength(body);
    const req = http.request({ host: '127.0.0.1', port: server.port, method, path: pathname, headers,
                               agent: opts.agent || false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers,
                                    body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body !== undefined) {
      if (opts.chunked) {
        // in pieces, with no Content-Length: the server sees the size only as it comes
        const buf = Buffer.from(body);
        for (let i = 0; i < buf.length; i += 8192) req.write(buf.subarray(i, i + 8192));
      } else {
        req.write(body);
      }
    }
    req.end();
  });
}

export async function json(server, method, pathname, value) {
  const r = await request(server, method, pathname, value === undefined ? undefined : JSON.stringify(value));
  let data = null;
  try { data = JSON.parse(r.body); } catch (e) { /* left null */ }
  return { ...r, data };
}

// ---- a small test runner ------------------------------------------------------

const results = { passed: 0, failed: 0, skipped: 0 };

export class Skip extends Error {}

export async function test(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    results.passed++;
    console.log(`ok - ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    if (e instanceof Skip) {
      results.skipped++;
      console.log(`SKIPPED - ${name}: ${e.message}`);
      return;
    }
    results.failed++;
    console.log(`FAILED - ${name}\n  ${(e && e.stack) || e}`.replace(/\n/g, '\n  '));
  }
}

export function summary(label) {
  console.log(`${label}: ${results.passed} passed, ${results.failed} failed` +
              (results.skipped ? `, ${results.skipped} skipped` : ''));
  return results.failed ? 1 : 0;
}

export function assert(cond, msg) {
  if (!cond) throw new Error(msg || 'assertion failed');
}

export function eq(a, b, msg) {
  const x = JSON.stringify(a), y = JSON.stringify(b);
  if (x !== y) throw new Error(`${msg || 'not equal'}:\n    got      ${x.slice(0, 600)}\n    expected ${y.slice(0, 600)}`);
}

// ---- the stateless interview, as a client plays it ------------------------------

// Plays POST /v1/next to the end, answering each step from answers (every
// question asked must have an answer there). Returns {prompts, result,
// not_asked, steps}: prompts as `triage interview --format json` lists them.
export async function playNext(server, answers, limit = 300) {
  const given = {};
  let memory = { asked_again: [], asked_alone: [] };
  const prompts = [];
  for (let n = 1; n <= limit; n++) {
    const r = await json(server, 'POST', '/v1/next', { answers: given, ...memory });
    if (r.status !== 200) throw new Error(`/v1/next: ${r.status} ${r.body}`);
    const d = r.data;
    if (d.should_stop) return { prompts, result: d.result, not_asked: d.not_asked, last: d };
    const step = d.step;
    prompts.push({ prompt: n, checklist: step.kind === 'checklist' ? step.id : null,
                   questions: step.items.map((i) => i.id), again: step.again });
    for (const item of step.items)   // what the case lacks is passed over: null
      given[item.id] = item.id in answers ? answers[item.id] : null;
    memory = d.memory;
  }
  throw new Error('the interview did not end');
}

// Plays POST /v1/next to the end as the page does: each call sends the state
// the last reply gave, with the answers to the step it showed in "given".
// Returns what playNext returns, and news: each reply's news.
export async function playGiven(server, answers, limit = 300) {
  let body = {};
  const prompts = [], news = [];
  for (let n = 1; n <= limit; n++) {
    const r = await json(server, 'POST', '/v1/next', body);
    if (r.status !== 200) throw new Error(`/v1/next: ${r.status} ${r.body}`);
    const d = r.data;
    if (d.news) news.push(d.news);
    if (d.should_stop) return { prompts, result: d.result, not_asked: d.not_asked, last: d, news };
    const step = d.step;
    prompts.push({ prompt: n, checklist: step.kind === 'checklist' ? step.id : null,
                   questions: step.items.map((i) => i.id), again: step.again });
    const given = {};
    for (const item of step.items)
      given[item.id] = item.id in answers ? answers[item.id] : null;
    body = { ...d.state, given };
  }
  throw new Error('the interview did not end');
}

// A case completed so that every question has an answer: yes/no "no",
// numbers their example (or least value), a choice its first value.
export function complete(c, questions) {
  const answers = { ...(c.answers || {}) };
  for (const q of questions) {
    if (q.id in answers) continue;
    if (q.type === 'yesno') answers[q.id] = 'no';
    else if (q.type === 'integer') {
      const n = parseInt(q.example, 10);
      answers[q.id] = Number.isInteger(n) && n >= q.min && n <= q.max ? n : q.min;
    } else if (q.type === 'choice') answers[q.id] = q.choices[0].value;
    else answers[q.id] = [q.choices[0].value];
  }
  return { ...c, answers };
}

export function run(args, input) {
  return execFileSync(TRIAGE, args, { cwd: ROOT, input, maxBuffer: 1 << 30, encoding: 'utf8' });
}
