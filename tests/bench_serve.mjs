// bench_serve.mjs: the helpers of tests/bench_serve.sh.
//   node tests/bench_serve.mjs bodies URL N SEED GEN_CASES OUT_TRIAGE OUT_NEXT
//     writes request bodies: N generated cases for /v1/triage, and for
//     /v1/next every step of their interviews (the answers so far and the
//     memory), as a client sends them.
//   node tests/bench_serve.mjs slow URL ADDRESS N SECONDS
//     a slow-client flood: N connections from ADDRESS, each sending the
//     start of a request a byte at a time, one byte every 5 s, for SECONDS;
//     prints how many were open at the peak and how many the server closed.
import fs from 'node:fs';
import net from 'node:net';
import { execFileSync } from 'node:child_process';

const [mode, url, ...rest] = process.argv.slice(2);
const { hostname, port } = new URL(url);

async function post(path, body) {
  const r = await fetch(url.replace(/\/$/, '') + path, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return r.json();
}

if (mode === 'bodies') {
  const [n, seed, gen, outTriage, outNext] = rest;
  const defs = await (await fetch(url.replace(/\/$/, '') + '/v1/questions')).json();
  const cases = execFileSync(gen, [n, seed], { encoding: 'utf8' }).split('\n').filter(Boolean).map((l) => JSON.parse(l));
  fs.writeFileSync(outTriage, cases.map((c) => JSON.stringify(c)).join('\n') + '\n');
  const lines = [];
  for (const c of cases) {
    const given = {};
    let memory = { asked_again: [], asked_alone: [] };
    for (let k = 0; k < 100; k++) {
      const req = { answers: { ...given }, ...memory };
      lines.push(JSON.stringify(req));
      const d = await post('/v1/next', req);
      if (d.should_stop) break;
      for (const item of d.step.items) {
        const q = defs.questions.find((x) => x.id === item.id);
        given[item.id] = item.id in c.answers ? c.answers[item.id] : q.type === 'yesno' ? 'no'
          : q.type === 'integer' ? q.min : q.type === 'choice' ? q.choices[0].value : [q.choices[0].value];
      }
      memory = d.memory;
    }
  }
  fs.writeFileSync(outNext, lines.join('\n') + '\n');
} else if (mode === 'slow') {
  const [address, n, seconds] = rest.map((x, i) => (i ? Number(x) : x));
  const socks = [];
  let open = 0, peak = 0, closed = 0, refused = 0;
  const start = 'POST /v1/triage HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 60000\r\n\r\n{"answers": {';
  for (let i = 0; i < n; i++) {
    const s = net.connect({ host: hostname, port: Number(port), localAddress: address });
    s.pos = 0;
    s.on('connect', () => { open++; peak = Math.max(peak, open); });
    s.on('error', () => { refused++; });
    s.on('close', (hadError) => { if (s.connected) { open--; closed++; } });
    s.on('data', () => {});
    s.on('connect', () => { s.connected = true; });
    socks.push(s);
    if (i % 50 === 49) await new Promise((r) => setTimeout(r, 20));
  }
  const tick = setInterval(() => {
    for (const s of socks) {
      if (!s.destroyed && s.connected) s.write(s.pos < start.length ? start[s.pos++] : ' ');
    }
  }, 5000);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  clearInterval(tick);
  const stillOpen = socks.filter((s) => !s.destroyed && s.connected).length;
  for (const s of socks) s.destroy();
  console.log(`${peak} ${stillOpen} ${closed} ${refused}`);
}
