/* app.js: the interview page. The page holds where the interview stands:
 * every step sends the state the last reply of POST /v1/next gave, with the
 * answers to the step it showed; the reply says what they brought (the
 * transcript's events, a not-sure taken as yes, a rise in urgency) and what
 * to ask next, or gives the result. Every word shown about the
 * questions and the advice comes from the API, that is from the rules.
 * Nothing is stored in the browser: no cookies, no storage; closing the page
 * forgets everything. */
'use strict';

(function () {
  const PLAN_SHOWN = 5;   /* plan items shown before "Show the whole plan", as the shell */

  const $ = (id) => document.getElementById(id);

  /* An element with attributes and children (strings become text, never HTML). */
  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === false || v === null || v === undefined) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : v);
    }
    for (const kid of kids.flat(Infinity)) {
      if (kid === null || kid === undefined || kid === false) continue;
      e.append(typeof kid === 'string' ? document.createTextNode(kid) : kid);
    }
    return e;
  }

  const capital = (s) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : s);
  const clone = (o) => JSON.parse(JSON.stringify(o));

  /* ---- state: everything lives here, and nowhere else ------------------------ */

  const st = {
    defs: null,        /* GET /v1/questions */
    version: null,     /* GET /v1/version */
    questions: {},     /* id -> definition */
    history: [],       /* steps answered: {reply (before), given, changing, recorded} */
    reply: null,       /* the reply now shown; its state is where the interview stands */
    events: [],        /* the transcript's events, in order */
    changing: null,    /* the question being changed, or null */
    busy: false,
  };

  function dispositionOf(id) {
    return (st.defs.dispositions || []).find((d) => d.id === id) || null;
  }
  function mostUrgentRank() {
    return Math.max(0, ...(st.defs.dispositions || []).map((d) => d.rank));
  }
  /* The rules' words for id, with {} filled by arg; '' when they give none. */
  function wording(id, arg) {
    const t = (st.defs.wording || {})[id];
    return t ? t.replace('{}', () => arg || '') : '';
  }

  /* The answers the reply now shown stands on. */
  const answersNow = () => (st.reply && st.reply.state ? st.reply.state.answers : {});

  /* ---- the server ---------------------------------------------------------- */

  async function call(method, path, body) {
    const opts = { method, headers: {}, credentials: 'omit', cache: 'no-store' };
    if (body !== undefined) {
      opts.headers['Content-Type'] = 'application/json';
      opts.body = JSON.stringify(body);
    }
    let res;
    try {
      res = await fetch(path, opts);
    } catch (e) {
      throw new Error('The server could not be reached. Check your connection and try again.');
    }
    let data = null;
    try {
      data = await res.json();
    } catch (e) {
      data = null;
    }
    if (!res.ok) {
      const msg = data && data.error && data.error.message ? data.error.message : 'status ' + res.status;
      const err = new Error('Sorry, that did not work: ' + msg + '.');
      err.field = data && data.error ? data.error.field : undefined;
      throw err;
    }
    return data;
  }

  function problem(text) {
    const p = $('problem');
    p.textContent = text || '';
    p.hidden = !text;
  }

  function setBusy(b) {
    st.busy = b;
    for (const id of ['next', 'back', 'start']) $(id).disabled = b;
    document.body.setAttribute('aria-busy', b ? 'true' : 'false');
  }

  /* ---- words ---------------------------------------------------------------- */

  function label(q) {
    return q.label || q.text;
  }

  function unitOf(q) {
    if (/_days$/.test(q.id)) return 'days';
    if (/_hours$/.test(q.id)) return 'hours';
    if (q.max === 10 && q.min === 0) return 'out of 10';
    return '';
  }

  /* An answer in words, as the shell says it. */
  function answerWords(q, v) {
    if (v === 'unknown') return 'not sure';
    if (typeof v === 'number') {
      const u = unitOf(q);
      if (u === 'days') return v + (v === 1 ? ' day' : ' days');
      return u ? v + ' ' + u : String(v);
    }
    if (Array.isArray(v)) {
      if (!v.length) return 'none';
      return v.map((x) => choiceLabel(q, x)).join(', ');
    }
    if (q && q.type === 'choice') return choiceLabel(q, v);
    return String(v);
  }

  function choiceLabel(q, v) {
    const c = (q.choices || []).find((c) => c.value === v);
    return c ? c.label : String(v).replace(/_/g, ' ');
  }

  /* An assumption's leading question id in words: "fever not reported: taken as no". */
  function assumptionWords(text) {
    const m = /^([a-z0-9_]+)(.*)$/.exec(text);
    const q = m && st.questions[m[1]];
    return capital(q ? label(q) + m[2] : text);
  }

  function assumptionQuestion(text) {
    const m = /^([a-z0-9_]+)/.exec(text);
    return m ? st.questions[m[1]] : null;
  }

  /* ---- the interview ---------------------------------------------------------- */

  async function start() {
    if (st.busy) return;
    problem('');
    setBusy(true);
    $('start-wait').hidden = false;
    try {
      if (!st.defs) {
        const [defs, version] = await Promise.all([call('GET', '/v1/questions'),
                                                   call('GET', '/v1/version')]);
        st.defs = defs;
        st.version = version;
        st.questions = {};
        for (const q of defs.questions) st.questions[q.id] = q;
      }
      st.history = [];
      st.reply = null;
      await ask(null, null);
    } catch (e) {
      problem(e.message);
    } finally {
      $('start-wait').hidden = true;
      setBusy(false);
    }
  }

  /* Answers the step shown with given (null: none yet), changing the answer
   * to the question changing (null: none); shows the next step or the result. */
  async function ask(given, changing) {
    const body = given ? { ...st.reply.state, given } : {};
    if (given && changing) body.change = changing;
    const reply = await call('POST', '/v1/next', body);
    st.reply = reply;
    news(reply);
    if (reply.should_stop) resultEvent(reply);
    if (reply.should_stop) showResult(reply);
    else showStep(reply.step, null);
    return reply;
  }

  /* A result shown goes into the transcript with the answers it came from. */
  function resultEvent(reply) {
    st.events.push({ event: 'result', answers: clone(reply.state.answers), result: reply.result });
  }

  /* What the last answer brought, as the reply says: the transcript's
   * events, a not-sure taken as yes, a rise in urgency. */
  function news(reply) {
    const n = reply.news;
    const lines = [];
    if (n) {
      const entry = st.history[st.history.length - 1];
      entry.recorded = n.events.map((ev) => ev.question);
      st.events.push(...n.events);
      /* said here while questions go on; a result says it first itself */
      if (!reply.should_stop)
        for (const id of n.taken_yes)
          lines.push(wording('taken-as-yes', label(st.questions[id])));
    }
    $('news').textContent = lines.filter(Boolean).join(' ');
    /* said when the urgency rises; gone when it is back to the least */
    if (n && n.rose_to || !reply.so_far || reply.should_stop) soFar(reply);
  }

  /* The "So far" box for the reply shown: hidden at a result or when nothing
   * is more urgent than the least. */
  function soFar(reply) {
    const sf = reply.so_far;
    const box = $('sofar');
    if (!sf || reply.should_stop) {
      box.hidden = true;
      box.textContent = '';
      return;
    }
    const d = dispositionOf(sf.disposition);
    box.textContent = 'So far: ' + sf.title + '. ' + (sf.could_reach
      ? 'The questions still to come check for signs that would mean you should ' +
        sf.could_reach.action + ', so please answer them.'
      : 'The remaining questions check ' +
        (d && d.interview === 'raise-only' ? 'only for anything more urgent.'
                                           : 'for anything more urgent and shape your plan.'));
    box.hidden = false;
  }

  /* ---- a step ---------------------------------------------------------------- */

  function optionRow(type, name, id, value, text, checked, extraClass) {
    return el('li', null,
      el('label', { class: 'choice' + (extraClass ? ' ' + extraClass : ''), for: id },
        el('input', { type, name, id, value, checked: !!checked }),
        el('span', { text })));
  }

  function questionBody(q, prefill) {
    const body = [];
    const name = 'q-' + q.id;
    if (q.type === 'yesno' || q.type === 'choice') {
      const choices = q.type === 'yesno'
        ? [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }]
        : q.choices.map((c) => ({ value: c.value, label: capital(c.label) }));
      choices.push({ value: 'unknown', label: 'Not sure' });
      body.push(el('ul', { class: 'options' },
        choices.map((c, i) => optionRow('radio', name, name + '-' + i, c.value, c.label,
                                        prefill === c.value, c.value === 'unknown' ? 'unsure' : ''))));
    } else if (q.type === 'multi') {
      body.push(el('p', { class: 'hint', text: 'Choose every one that applies.' }));
      const picked = Array.isArray(prefill) ? prefill : [];
      const rows = q.choices.map((c, i) => optionRow('checkbox', name, name + '-' + i, c.value,
                                                    capital(c.label), picked.includes(c.value)));
      rows.push(optionRow('checkbox', name + '-unsure', name + '-unsure', 'unknown', 'Not sure',
                          prefill === 'unknown', 'unsure'));
      body.push(el('ul', { class: 'options' }, rows));
    } else {
      const unit = unitOf(q);
      const wrap = el('div', { class: 'number' });
      const inputId = name + '-n';
      wrap.append(el('label', { for: inputId, text: 'Your answer (a whole number)' }));
      const input = el('input', { type: 'number', id: inputId, name: inputId, inputmode: 'numeric',
                                  min: unit === 'days' ? 0 : q.min, max: q.max, step: 1,
                                  autocomplete: 'off',
                                  'aria-describedby': name + '-hint',
                                  value: typeof prefill === 'number' ? prefill : null });
      wrap.append(input);
      if (unit === 'days') {
        const sel = el('select', { id: name + '-unit', name: name + '-unit', 'aria-label': 'Unit' },
          el('option', { value: '1', text: 'days', selected: true }),
          el('option', { value: '7', text: 'weeks' }),
          el('option', { value: '30', text: 'months' }));
        wrap.append(sel);
      } else if (unit) {
        wrap.append(el('span', { class: 'unit', text: unit }));
      }
      body.push(wrap);
      body.push(el('p', { class: 'hint', id: name + '-hint',
                          text: unit === 'days' ? 'For example ' + q.example + '. Weeks and months are turned into days.'
                                                : 'From ' + q.min + ' to ' + q.max + '.' }));
      body.push(el('ul', { class: 'options' },
        optionRow('checkbox', name + '-unsure', name + '-unsure', 'unknown', 'Not sure',
                  prefill === 'unknown', 'unsure')));
    }
    return body;
  }

  function checklistBody(step, prefill) {
    const items = step.items.map((q, i) => {
      const yes = 'c-' + q.id, unsure = 'u-' + q.id;
      const v = prefill ? prefill[q.id] : undefined;
      return el('li', { class: 'item' },
        el('label', { class: 'choice', for: yes },
          el('input', { type: 'checkbox', id: yes, name: yes, value: 'yes', checked: v === 'yes',
                        'data-item': q.id }),
          el('span', null, el('span', { class: 'num', text: (i + 1) + '.' }), ' ', label(q))),
        el('label', { class: 'choice unsure', for: unsure },
          el('input', { type: 'checkbox', id: unsure, name: unsure, value: 'unknown',
                        checked: v === 'unknown', 'data-unsure': q.id }),
          el('span', null, 'Not sure', el('span', { class: 'vh', text: ': ' + label(q) }))));
    });
    const none = prefill && Object.values(prefill).every((v) => v === 'no');
    return [
      el('p', { class: 'hint', text: 'Tick each one that applies, or "None of these".' }),
      el('ol', { class: 'options checklist-items' }, items),
      el('ul', { class: 'options none-of-these' },
        optionRow('checkbox', 'c-none', 'c-none', 'none', 'None of these', none)),
    ];
  }

  /* Ticking one box of a checklist clears what contradicts it. */
  function onChange(ev) {
    const t = ev.target;
    if (!t.checked) return;
    const form = $('step');
    if (t.id === 'c-none') {
      form.querySelectorAll('[data-item], [data-unsure]').forEach((b) => { b.checked = false; });
    } else if (t.dataset.item || t.dataset.unsure) {
      $('c-none').checked = false;
      const other = t.dataset.item ? 'u-' + t.dataset.item : 'c-' + t.dataset.unsure;
      $(other).checked = false;
    } else if (/-unsure$/.test(t.id)) {
      form.querySelectorAll('input[type=checkbox]:not([id$="-unsure"])').forEach((b) => { b.checked = false; });
      const n = form.querySelector('input[type=number]');
      if (n) n.value = '';
    } else if (t.type === 'checkbox') {
      const u = form.querySelector('input[id$="-unsure"]');
      if (u) u.checked = false;
    }
    showError('');
  }

  /* Typing a number is an answer: it is no longer "not sure". */
  function onInput(ev) {
    if (ev.target.type !== 'number') return;
    const u = $('step').querySelector('input[id$="-unsure"]');
    if (u) u.checked = false;
    showError('');
  }

  function showStep(step, prefill) {
    $('intro').hidden = true;
    $('result').hidden = true;
    $('alert').hidden = true;
    $('step').hidden = false;
    $('again').textContent = step.again ? wording('not-sure-again')
      : step.alone ? 'You were not sure about this one in the list, so here it is on its own.' : '';
    $('again').hidden = !$('again').textContent;
    $('changing').hidden = !st.changing;
    showError('');
    $('step-count').textContent = st.changing ? 'Changing an answer'
      : 'Step ' + (st.history.length + 1);
    $('step-heading').textContent = step.text;
    const body = $('step-body');
    body.replaceChildren(...(step.kind === 'checklist' ? checklistBody(step, prefill)
                                                       : questionBody(step.items[0], prefill)));
    const why = $('why-text');
    why.replaceChildren(el('p', { text: step.why }));
    if (step.kind === 'checklist') {
      why.append(el('ul', null, step.items.filter((q) => q.why).map((q) =>
        el('li', null, el('strong', { text: label(q) + ': ' }), q.why))));
    }
    $('why').open = false;
    $('back').hidden = st.history.length === 0 && !st.changing;
    $('next').textContent = 'Next';
    $('step-heading').focus();
    window.scrollTo(0, 0);
    rendered('step');
  }

  /* Says on <body> what is shown, and how many times the page has changed:
   * for the browser tests, which wait for the next change. */
  let renders = 0;
  function rendered(view) {
    document.body.dataset.view = view;
    document.body.dataset.renders = String(++renders);
  }

  function showError(text) {
    const p = $('step-error');
    p.textContent = text;
    p.hidden = !text;
  }

  /* The answers of the step on screen, or null (and a message) when it is
   * not answered. */
  function readStep(step) {
    const form = $('step');
    const values = {};
    if (step.kind === 'checklist') {
      let any = $('c-none').checked;
      for (const q of step.items) {
        const yes = $('c-' + q.id).checked, unsure = $('u-' + q.id).checked;
        values[q.id] = unsure ? 'unknown' : yes ? 'yes' : 'no';
        any = any || yes || unsure;
      }
      if (!any) {
        showError('Tick each one that applies, or "None of these".');
        return null;
      }
      return values;
    }
    const q = step.items[0];
    const name = 'q-' + q.id;
    if (q.type === 'yesno' || q.type === 'choice') {
      const r = form.querySelector('input[name="' + name + '"]:checked');
      if (!r) {
        showError('Choose one answer (or "Not sure").');
        return null;
      }
      values[q.id] = r.value;
    } else if (q.type === 'multi') {
      if ($(name + '-unsure').checked) {
        values[q.id] = 'unknown';
      } else {
        const picked = [...form.querySelectorAll('input[name="' + name + '"]:checked')].map((b) => b.value);
        if (!picked.length) {
          showError('Choose at least one (or "Not sure").');
          return null;
        }
        values[q.id] = picked;
      }
    } else {
      if ($(name + '-unsure').checked) {
        values[q.id] = 'unknown';
      } else {
        const input = $(name + '-n');
        const text = input.value.trim();
        const unitSel = $(name + '-unit');
        const factor = unitSel ? Number(unitSel.value) : 1;
        const n = Number(text);
        if (text === '' || !Number.isInteger(n)) {
          showError('Give a whole number (or tick "Not sure").');
          input.focus();
          return null;
        }
        const v = n * factor;
        if (v < q.min || v > q.max) {
          showError('Give a number from ' + q.min + ' to ' + q.max +
                    (factor > 1 ? ' days' : '') + ' (or tick "Not sure").');
          input.focus();
          return null;
        }
        values[q.id] = v;
      }
    }
    return values;
  }

  async function submitStep(ev) {
    ev.preventDefault();
    if (st.busy || !st.reply) return;
    const step = st.changing ? changeStep(st.changing) : st.reply.step;
    const values = readStep(step);
    if (!values) return;
    const changing = st.changing;
    st.history.push({ reply: st.reply, given: values, changing });
    st.changing = null;
    setBusy(true);
    try {
      await ask(values, changing);
    } catch (e) {
      /* nothing was taken: the step stays as it was */
      st.changing = st.history.pop().changing;
      showError(e.message);
    } finally {
      setBusy(false);
    }
  }

  /* Back: the step before, with its answers as they were given. */
  function back() {
    if (st.busy) return;
    if (st.changing) {
      /* a change not made: the result as it was */
      st.changing = null;
      showResult(st.reply);
      return;
    }
    const entry = st.history.pop();
    if (!entry) return;
    /* the answers of the step undone, the last first, as the session undoes them */
    for (const id of (entry.recorded || []).slice().reverse()) st.events.push({ event: 'back', question: id });
    st.reply = entry.reply;
    st.changing = entry.changing;
    problem('');
    $('news').textContent = '';
    soFar(entry.reply);   /* as it stood at that step */
    if (entry.changing) showStep(changeStep(entry.changing), entry.given[entry.changing]);
    else if (entry.reply.should_stop) {
      resultEvent(entry.reply);
      showResult(entry.reply);
    }
    else showStep(entry.reply.step, entry.reply.step.kind === 'checklist' ? entry.given
                                                                          : entry.given[entry.reply.step.items[0].id]);
  }

  /* A step that asks question id alone, to change its answer. */
  function changeStep(id) {
    const q = st.questions[id];
    return { kind: 'question', id, text: q.text, why: q.why, again: false, items: [q] };
  }

  function change(id) {
    st.changing = id;
    showStep(changeStep(id), answersNow()[id]);
  }

  function restart() {
    if (st.busy) return;
    st.events.push({ event: 'restart', question: '' });
    $('alert').hidden = true;
    $('alert').replaceChildren();
    $('sofar').hidden = true;
    $('news').textContent = '';
    st.changing = null;
    start();
  }

  /* ---- the result -------------------------------------------------------------- */

  function section(title, ...kids) {
    return [el('h2', { text: title }), ...kids.filter((k) => k !== null && k !== undefined)];
  }

  function planItem(res, r) {
    /* as the shell says it: one sentence, a name mid-sentence in lower case */
    const because = capital((r.because || []).map((id) => {
      const c = (res.contributors || []).find((c) => c.id === id);
      const name = c ? c.name : id.replace(/_/g, ' ');
      return /^[A-Z][a-z]/.test(name) ? name.charAt(0).toLowerCase() + name.slice(1) : name;
    }).join('; '));
    return el('li', { class: 'plan-item' },
      el('h3', { text: r.title }),
      el('dl', null,
        el('dt', { text: 'How' }), el('dd', { text: r.how }),
        r.dose ? [el('dt', { text: 'How much' }), el('dd', { text: r.dose })] : null,
        because ? [el('dt', { text: 'Why for you' }), el('dd', { text: because })] : null));
  }

  function showResult(reply) {
    const res = reply.result;
    const notAsked = reply.not_asked || [];
    const d = dispositionOf(res.disposition);
    const planShown = d ? d.plan : (res.recommendations || []).length > 0;
    const emergency = d && d.rank === mostUrgentRank();
    $('intro').hidden = true;
    $('step').hidden = true;
    $('sofar').hidden = true;
    $('result').hidden = false;
    problem('');

    const body = [];
    /* a result reached through not sure says so first */
    const unsure = [];
    if (!planShown) {
      for (const a of res.assumptions || []) {
        const q = assumptionQuestion(a);
        const said = q && q.not_sure_counts_as_yes && answersNow()[q.id] === 'unknown'   /* taken as yes */
          ? wording('not-sure-result', label(q)) : '';
        if (said) unsure.push(said);
      }
    }
    const alert = $('alert');
    if (emergency) {
      /* first on the page, said at once */
      alert.replaceChildren(el('h1', { id: 'alert-heading', tabindex: '-1', text: res.title }),
                            el('p', { class: 'advice', text: res.advice }),
                            ...unsure.map((u) => el('p', { text: u })));
      alert.hidden = false;
      $('result-heading').textContent = 'About this advice';
    } else {
      alert.hidden = true;
      alert.replaceChildren();
      $('result-heading').textContent = 'Your result';
      body.push(unsure.map((u) => el('p', { class: 'again', text: u })));
      body.push(el('div', { class: 'disposition' + (d && d.plan ? '' : ' urgent') },
        el('h2', { text: res.title }), el('p', { class: 'advice', text: res.advice })));
    }

    // the reasons for this advice; less urgent ones that also hold apart, below
    const reasons = res.reasons || [];
    const own = reasons.filter((r) => r.disposition === res.disposition);
    const lesser = reasons.filter((r) => r.disposition !== res.disposition);
    if (own.length)
      body.push(section('Why', el('ul', null, own.map((r) => el('li', { text: capital(r.says) })))));
    if (lesser.length)
      body.push(section('Also noted, less urgent', el('ul', null, lesser.map((r) => el('li', { text: capital(r.says) })))));

    if (planShown) {
      if ((res.contributors || []).length) {
        const words = (cf) => (cf >= 0.95 ? 'likely' : cf >= 0.6 ? 'possible' : 'perhaps');
        body.push(section(wording('contributors') || 'Contributors', el('ul', null, res.contributors.map((c) =>
          el('li', null, el('strong', { text: c.name }), ' (' + words(c.certainty) + '): ' + c.says)))));
      }
      const recs = res.recommendations || [];
      if (recs.length) {
        const shown = recs.length <= PLAN_SHOWN + 1 ? recs.length : PLAN_SHOWN;
        body.push(section('Start with these',
          el('ol', { id: 'plan', class: 'plan' }, recs.slice(0, shown).map((r) => planItem(res, r)))));
        if (shown < recs.length) {
          const rest = el('ol', { id: 'plan-rest', class: 'plan', start: String(shown + 1), hidden: true },
                          recs.slice(shown).map((r) => planItem(res, r)));
          const more = el('button', { type: 'button', id: 'show-plan', class: 'no-print',
                                      'aria-expanded': 'false', 'aria-controls': 'plan-rest' },
                          'Show the whole plan (' + (recs.length - shown) + ' more)');
          more.addEventListener('click', () => {
            const open = rest.hidden;
            rest.hidden = !open;
            more.setAttribute('aria-expanded', String(open));
            more.textContent = open ? 'Show only the first ' + shown
                                    : 'Show the whole plan (' + (recs.length - shown) + ' more)';
          });
          body.push(more, rest);
        }
        const tech = recs.find((r) => r.technique);
        if (tech) body.push(section((st.defs.technique_headings || {})[tech.kind] || 'Technique',
                                    el('p', { text: tech.technique })));
      }
      if ((res.cautions || []).length)
        body.push(section('Take care', el('ul', null, res.cautions.map((c) => el('li', { text: c.says })))));
    }

    if ((res.safety_net || []).length) {
      /* grouped by what to do, the most urgent first, as the rules order them */
      const groups = [];
      for (const n of res.safety_net) {
        let g = groups.find((x) => x.action === n.action);
        if (!g) groups.push(g = { action: n.action, ifs: [] });
        g.ifs.push(n.if);
      }
      body.push(section('Get help sooner if',
        el('div', { id: 'safety-net' }, groups.map((g) => [
          el('p', { class: 'net-action', text: capital(g.action) + ' if:' }),
          el('ul', null, g.ifs.map((x) => el('li', { text: x })))]))));
    }

    const assumed = (res.assumptions || []).filter((a) => {
      const q = assumptionQuestion(a);
      return !(q && notAsked.includes(q.id));
    });
    if (!assumed.length && notAsked.length && !planShown) {
      /* nothing assumed: the line alone, as the shell says it */
      body.push(el('p', { id: 'not-asked', text: 'Some questions were not asked, because the advice was already clear.' }));
    } else if (assumed.length || notAsked.length) {
      /* what was never asked is said so, in one line, as the shell says it */
      body.push(section('What was assumed',
        assumed.length ? el('ul', { id: 'assumed' }, assumed.map((a) => el('li', { text: assumptionWords(a) }))) : null,
        notAsked.length ? el('p', { id: 'not-asked', text: planShown
          ? 'Not asked, because the advice was already clear: ' +
            notAsked.map((id) => (st.questions[id] ? label(st.questions[id]) : id)).join('; ') + '.'
          : 'Some questions were not asked, because the advice was already clear.' }) : null));
    }

    const answers = answersNow();
    const answered = st.defs.questions.filter((q) => answers[q.id] !== undefined && answers[q.id] !== null);
    body.push(el('details', { class: 'your-answers', id: 'your-answers' },
      el('summary', null, el('h2', { text: 'Your answers (' + answered.length + ')' }),
         el('span', { class: 'small no-print', text: 'see them, or change one' })),
      el('ul', { class: 'answers', id: 'answers' }, answered.map((q) =>
      el('li', null,
        el('span', { class: 'q', text: capital(label(q)) + ': ' }),
        el('span', { class: 'a', text: answerWords(q, answers[q.id]) }),
        el('button', { type: 'button', class: 'link no-print', 'data-question': q.id,
                       onclick: () => change(q.id) },
           'Change', el('span', { class: 'vh', text: ': ' + label(q) })))))));

    const date = new Date();
    body.push(el('div', { class: 'notice' },
      (res.notice || []).map((n) => el('p', { text: n })),
      el('p', { class: 'small', text: 'Made on ' + date.toLocaleString('en-GB') + ' by triage, rules version ' +
                                      String(res.rules_version).slice(0, 12) +
                                      (res.policy ? ', policy ' + res.policy : '') + '.' })));

    $('result-body').replaceChildren(...body.flat());
    $('result-back').hidden = st.history.length === 0;
    if (emergency) $('alert-heading').focus();
    else $('result-heading').focus();
    window.scrollTo(0, 0);
    rendered(emergency ? 'emergency' : 'result');
  }

  /* ---- the transcript ----------------------------------------------------------- */

  /* The session as `triage audit` reads it (src/transcript.h, version 2): a
   * header, then every event in order (answers, changes, backs, restarts, and
   * each result shown, with the answers it came from and its derivation).
   * The rule files are named with their sha256, without the server's paths. */
  function transcript() {
    const v = st.version;
    const created = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const head = { transcript: 'triage', version: 2, program: v.program + ' (web page)', created,
                   rules_version: v.rules_version, rule_files: v.rule_files || [], case: null };
    return [head, ...st.events].map((l) => JSON.stringify(l)).join('\n') + '\n';
  }

  function download() {
    if (!st.reply || !st.reply.should_stop) return;
    const blob = new Blob([transcript()], { type: 'application/x-ndjson' });
    const url = URL.createObjectURL(blob);
    const stamp = new Date().toISOString().slice(0, 16).replace(/[-:T]/g, '');
    const a = el('a', { href: url, download: 'triage-session-' + stamp + '.jsonl', hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  /* ---- wiring -------------------------------------------------------------------- */

  document.addEventListener('DOMContentLoaded', () => {
    $('start').addEventListener('click', start);
    $('step').addEventListener('submit', submitStep);
    $('step').addEventListener('change', onChange);
    $('step').addEventListener('input', onInput);
    $('back').addEventListener('click', back);
    $('result-back').addEventListener('click', back);
    $('restart').addEventListener('click', restart);
    $('print').addEventListener('click', () => window.print());
    /* the printed report has every answer, and the whole plan */
    let closed = [];
    window.addEventListener('beforeprint', () => {
      closed = [...document.querySelectorAll('#result details:not([open])')];
      closed.forEach((d) => { d.open = true; });
    });
    window.addEventListener('afterprint', () => closed.forEach((d) => { d.open = false; }));
    $('download').addEventListener('click', download);
  });

  /* for the browser tests: the transcript the download button would save */
  window.triageTranscript = transcript;
})();
