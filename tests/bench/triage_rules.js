// triage_rules.js: for `make bench`, the red-flag and threshold triggers of
// rules/30-red-flags.clp and rules/35-see-a-doctor.clp written for
// json-rules-engine (npm), run over the same generated cases as triage.
// A not-sure answer to the questions whose not-sure counts as yes is taken as
// yes (as rules/20-answers.clp does); the disposition is the most urgent one
// any trigger reached (self_care when none). Only the triggers and the
// disposition are computed: no contributors, plan, safety net or derivation.
//
// usage: node triage_rules.js CASES.jsonl [TRIAGE_RESULTS.jsonl]
// Prints: cases, seconds (the runs alone, after loading), cases per second,
// and, given triage's results for the same cases, how many dispositions agree.
'use strict';
const fs = require('fs');
const { Engine } = require('json-rules-engine');

const UNKNOWN_MEANS_YES = ['saddle_numbness', 'bladder_bowel_change', 'both_legs', 'leg_weakness',
  'weakness_worsening', 'chest_pain', 'faint_or_clammy', 'serious_accident'];
const RANK = { self_care: 1, soon: 2, urgent: 3, emergency: 4 };
const TRIGGERS = {
  cauda_equina: 'emergency', progressive_neuro_deficit: 'emergency', spinal_infection: 'urgent',
  possible_fracture: 'urgent', possible_malignancy: 'urgent', non_mechanical_pain: 'urgent',
  outside_adult_scope: 'soon', spinal_cord_compression: 'emergency',
  infection_with_deficit: 'emergency', major_trauma: 'emergency', chest_pain: 'emergency',
  collapse_signs: 'emergency', possible_dissection: 'emergency', possible_aneurysm: 'emergency',
  motor_deficit: 'urgent', thoracic_pain_over_50: 'urgent', back_deformity: 'urgent',
  straining_with_risk: 'urgent', thoracic_pain: 'soon', pain_on_straining: 'soon',
  inflammatory_pattern: 'soon', severe_pain: 'soon', home_care_failed: 'soon',
  persistent_pain: 'soon', affects_daily_life: 'soon', neurological_condition: 'soon',
  stretch_pain: 'soon', sciatica_persistent: 'soon', hip_flexor_strain: 'soon',
};

const yes = (q) => ({ fact: q, operator: 'equal', value: 'yes' });
const is = (q, v) => ({ fact: q, operator: 'equal', value: v });
const atLeast = (q, n) => ({ fact: q, operator: 'greaterThanInclusive', value: n });
const below = (q, n) => ({ fact: q, operator: 'lessThan', value: n });
const at = (place) => ({ fact: 'pain_location', operator: 'contains', value: place });
const thoracic = { any: [at('upper_back'), at('mid_back')] };
const sciaticaPattern = {                     // rules/43-sciatica.clp
  any: [yes('pain_radiates_down_leg'), at('below_knee'), { all: [at('buttock'), yes('leg_numbness')] }],
};

// [trigger, conditions (all must hold)], one per rule of the two files
const RULES = [
  ['cauda_equina', [yes('saddle_numbness')]],
  ['cauda_equina', [yes('bladder_bowel_change')]],
  ['progressive_neuro_deficit', [yes('leg_weakness'), yes('weakness_worsening')]],
  ['spinal_infection', [yes('fever')]],
  ['cauda_equina', [yes('both_legs')]],
  ['cauda_equina', [yes('sexual_function_change')]],
  ['spinal_cord_compression', [yes('cancer_history'), yes('leg_weakness')]],
  ['spinal_cord_compression', [yes('cancer_history'), yes('leg_numbness')]],
  ['spinal_cord_compression', [yes('cancer_history'), yes('pain_radiates_down_leg')]],
  ['spinal_cord_compression', [yes('unexplained_weight_loss'), yes('leg_weakness')]],
  ['spinal_cord_compression', [yes('unexplained_weight_loss'), yes('leg_numbness')]],
  ['infection_with_deficit', [yes('fever'), yes('leg_weakness')]],
  ['infection_with_deficit', [yes('fever'), yes('leg_numbness')]],
  ['infection_with_deficit', [yes('infection_risk'), yes('leg_weakness')]],
  ['infection_with_deficit', [yes('infection_risk'), yes('leg_numbness')]],
  ['major_trauma', [yes('serious_accident')]],
  ['chest_pain', [yes('chest_pain')]],
  ['collapse_signs', [yes('faint_or_clammy')]],
  ['possible_dissection', [is('pain_onset', 'sudden'), atLeast('pain_severity', 8), thoracic]],
  ['possible_aneurysm', [atLeast('age', 65), is('pain_onset', 'sudden'), atLeast('pain_severity', 7)]],
  ['spinal_infection', [yes('infection_risk')]],
  ['possible_fracture', [yes('recent_trauma'), yes('osteoporosis')]],
  ['possible_fracture', [yes('recent_trauma'), atLeast('age', 70)]],
  ['possible_fracture', [yes('recent_trauma'), atLeast('pain_severity', 8)]],
  ['possible_fracture', [yes('osteoporosis'), is('pain_onset', 'sudden')]],
  ['possible_fracture', [atLeast('age', 65), is('pain_onset', 'sudden')]],
  ['possible_fracture', [is('recent_trauma', 'unknown'), yes('osteoporosis')]],
  ['possible_fracture', [is('recent_trauma', 'unknown'), atLeast('age', 70)]],
  ['possible_malignancy', [yes('cancer_history')]],
  ['possible_malignancy', [yes('unexplained_weight_loss')]],
  ['non_mechanical_pain', [yes('night_pain')]],
  ['outside_adult_scope', [below('age', 16)]],
  ['motor_deficit', [yes('leg_weakness'), { fact: 'weakness_worsening', operator: 'notEqual', value: 'yes' }]],
  ['thoracic_pain_over_50', [thoracic, atLeast('age', 50)]],
  ['back_deformity', [yes('back_deformity')]],
  ['straining_with_risk', [yes('pain_worse_straining'), atLeast('age', 50)]],
  ['straining_with_risk', [yes('pain_worse_straining'), thoracic]],
  ['thoracic_pain', [thoracic]],
  ['pain_on_straining', [yes('pain_worse_straining')]],
  ['inflammatory_pattern', [below('age', 45), atLeast('pain_duration_days', 90), yes('morning_stiffness')]],
  ['severe_pain', [atLeast('pain_severity', 7)]],
  ['home_care_failed', [yes('home_care_failed')]],
  ['persistent_pain', [atLeast('pain_duration_days', 21)]],
  ['affects_daily_life', [yes('affects_daily_life')]],
  ['neurological_condition', [yes('neurological_condition')]],
  ['stretch_pain', [yes('sharp_pain_when_stretching')]],
  ['sciatica_persistent', [sciaticaPattern, yes('leg_numbness')]],
  ['sciatica_persistent', [sciaticaPattern, atLeast('pain_duration_days', 28)]],
  ['hip_flexor_strain', [is('pain_onset', 'sudden'), yes('recent_trauma'), { any: [at('hip'), at('groin')] }]],
];

function facts(answers) {
  const f = Object.assign({}, answers);
  for (const q of UNKNOWN_MEANS_YES)
    if (f[q] === 'unknown')
      f[q] = 'yes';
  if (!Array.isArray(f.pain_location))
    delete f.pain_location;   // "unknown": no place is known
  return f;
}

async function main() {
  const [casesPath, resultsPath] = process.argv.slice(2);
  const engine = new Engine([], { allowUndefinedFacts: true });
  RULES.forEach(([trigger, all], i) =>
    engine.addRule({ name: `r${i}`, conditions: { all }, event: { type: trigger } }));
  const cases = fs.readFileSync(casesPath, 'utf8').split('\n').filter((l) => l.trim())
    .map((l) => JSON.parse(l));
  const out = [];
  const t0 = process.hrtime.bigint();
  for (const c of cases) {
    const { events } = await engine.run(facts(c.answers || {}));
    const triggers = [...new Set(events.map((e) => e.type))];
    let disposition = 'self_care';
    for (const t of triggers)
      if (RANK[TRIGGERS[t]] > RANK[disposition])
        disposition = TRIGGERS[t];
    out.push({ id: c.id, triggers, disposition });
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  let agree = -1;
  if (resultsPath) {
    const want = fs.readFileSync(resultsPath, 'utf8').split('\n').filter((l) => l.trim())
      .map((l) => JSON.parse(l).disposition);
    agree = out.filter((r, i) => r.disposition === want[i]).length;
  }
  console.log(`${cases.length} ${seconds.toFixed(6)} ${(cases.length / seconds).toFixed(0)} ${agree}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
