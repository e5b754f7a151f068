;;; 30-red-flags.clp: red flags that no responsible back-pain triage may miss
;;; (docs/triage-policy.md, version 2). Not covered by the five documents; taken
;;; from NICE NG59, NICE CKS, NICE NG234, NICE NG65, the ESC aortic guidelines,
;;; the GIRFT cauda equina pathway and NHS advice. Each trigger-def carries the
;;; plain words of the safety net shown to anyone whose result did not reach it.

(deffacts red-flag-triggers
   (trigger-def (id cauda_equina) (disposition emergency) (kind red-flag)
      (says "numbness around the groin or buttocks, a change in bladder or bowel control, new nerve symptoms in both legs or a new change in sexual function can mean the nerves at the base of the spine are being squeezed (cauda equina syndrome)")
      (safety-net "you get numbness around your groin, buttocks or genitals; new trouble passing or holding urine or stool; numbness, tingling or weakness in both legs, or pain down both legs below the knee; or new trouble getting an erection, ejaculating or reaching orgasm")
      (source "NICE NG59; NICE CKS red flags: cauda equina syndrome; NHS cauda equina syndrome; GIRFT national suspected cauda equina pathway"))
   (trigger-def (id progressive_neuro_deficit) (disposition emergency) (kind red-flag)
      (says "leg weakness that is getting worse can mean a nerve is being badly compressed")
      (safety-net "a leg becomes weak and the weakness gets worse")
      (source "NICE CKS red flags: progressive neurological deficit"))
   (trigger-def (id spinal_infection) (disposition urgent) (kind red-flag)
      (says "fever with back pain, or back pain in someone more prone to infection (injected drugs, a weak immune system, a recent infection, recent spine surgery or injection), can be a sign of infection in the spine")
      (safety-net "you develop a fever (a temperature of 38 C or higher, or hot and shivery) with the back pain")
      (source "NICE CKS red flags: spinal infection (fever, intravenous drug use, immunosuppression, recent infection); NHS back pain"))
   (trigger-def (id possible_fracture) (disposition urgent) (kind red-flag)
      (says "a broken bone in the spine is possible after an injury if you have thin bones, are 70 or over or have pain of 8 out of 10 or worse, and, even without an injury, when the pain came on suddenly with thin bones or at age 65 or over")
      (safety-net "the pain followed a fall or injury and you have thin bones, are 70 or older, or the pain is 8 out of 10 or worse; or the pain came on suddenly and you have thin bones or are 65 or older")
      (source "NICE CKS red flags: fracture (minor trauma or sudden onset with osteoporosis or steroid use)"))
   (trigger-def (id possible_malignancy) (disposition urgent) (kind red-flag)
      (says "back pain in someone who has had cancer, or who is losing weight without trying, needs a doctor to rule out cancer in the spine")
      (safety-net "you are losing weight without trying")
      (source "NICE CKS red flags: malignancy"))
   (trigger-def (id non_mechanical_pain) (disposition urgent) (kind red-flag)
      (says "pain that is worse at night, or does not ease at all with rest or a change of position, is not typical of a muscle strain and should be checked today")
      (safety-net "the pain is worse at night, or does not ease at all when you rest or change position")
      (source "NHS back pain (pain that does not ease with rest or is worse at night); NICE CKS red flags: non-mechanical pain"))
   (trigger-def (id outside_adult_scope) (disposition soon) (kind red-flag)
      (says "back pain in children and teenagers under 16 should be assessed by a doctor; this tool's advice is for adults")
      (source "NICE NG59 (scope: over 16s)")))

(defrule red-flag-saddle-numbness
   "Numbness in the saddle area is a red flag for cauda equina syndrome: emergency. Source: NICE NG59; NICE CKS red flags (cauda equina syndrome)"
   (declare (salience 1000))
   (logical (answer (id saddle_numbness) (value yes)))
   =>
   (assert (trigger (id cauda_equina))))

(defrule red-flag-bladder-bowel-change
   "A new change in bladder or bowel control is a red flag for cauda equina syndrome: emergency. Source: NICE NG59; NICE CKS red flags (cauda equina syndrome)"
   (declare (salience 1000))
   (logical (answer (id bladder_bowel_change) (value yes)))
   =>
   (assert (trigger (id cauda_equina))))

(defrule red-flag-progressive-weakness
   "Leg weakness that is getting worse is a progressive neurological deficit: emergency. Source: NICE CKS red flags (progressive neurological deficit)"
   (declare (salience 1000))
   (logical
      (answer (id leg_weakness) (value yes))
      (answer (id weakness_worsening) (value yes)))
   =>
   (assert (trigger (id progressive_neuro_deficit))))

(defrule red-flag-fever
   "Fever with back pain may be a spinal infection: see a doctor today. Source: NICE CKS red flags (spinal infection)"
   (declare (salience 1000))
   (logical (answer (id fever) (value yes)))
   =>
   (assert (trigger (id spinal_infection))))

;; ---- version 2: emergencies ---------------------------------------------

(deffacts red-flag-triggers-v2-emergency
   (trigger-def (id spinal_cord_compression) (disposition emergency) (kind red-flag)
      (says "a weak or numb leg, or pain down a leg, in someone who has had cancer, or a weak or numb leg with weight loss they cannot explain, can mean a growth is pressing on the spinal cord or its nerves, which needs treatment at once")
      (safety-net "you have had cancer and a leg becomes weak or numb or pain spreads down a leg; or you are losing weight without trying and a leg becomes weak or numb")
      (source "NICE NG234 (spinal metastases and metastatic spinal cord compression, suspected as well as known cancer: act immediately on neurological symptoms)"))
   (trigger-def (id infection_with_deficit) (disposition emergency) (kind red-flag)
      (says "a fever or a raised risk of infection together with a weak or numb leg can be an abscess in the spine pressing on the nerves, which is a surgical emergency")
      (safety-net "you have a fever, or are more prone to infection, and a leg becomes weak or numb")
      (source "NICE CKS red flags: spinal infection; spinal epidural abscess with a neurological deficit is a surgical emergency"))
   (trigger-def (id major_trauma) (disposition emergency) (kind red-flag)
      (says "back pain after a serious accident, such as a crash at speed, a fall from a height or a heavy blow to the back, needs checking for a broken spine at an emergency department")
      (safety-net "the pain follows a serious accident: a crash at speed, a fall from higher than your own height or down several stairs, or a heavy blow to the back")
      (source "NHS back pain (call 999 after a serious accident such as a car crash)"))
   (trigger-def (id chest_pain) (disposition emergency) (kind red-flag)
      (says "chest pain together with back pain can come from the heart or the body's main blood vessel and needs emergency care")
      (safety-net "you get pain, pressure or tightness in your chest")
      (source "NHS back pain (call 999 with chest pain)"))
   (trigger-def (id collapse_signs) (disposition emergency) (kind red-flag)
      (says "fainting or collapsing, or feeling faint with cold, clammy, pale skin, together with back pain can be a sign of bleeding inside the body, such as a burst aortic aneurysm")
      (safety-net "you faint or collapse, or feel faint with cold, clammy or pale skin")
      (source "NHS abdominal aortic aneurysm (signs of a burst aneurysm)"))
   (trigger-def (id possible_dissection) (disposition emergency) (kind red-flag)
      (says "sudden, very severe pain in the upper or middle back, of 8 out of 10 or worse, can be a tear in the wall of the body's main blood vessel (aortic dissection)")
      (safety-net "you get sudden, very severe pain (8 out of 10 or worse) between or below the shoulder blades")
      (source "ESC 2014 guidelines on aortic diseases (abrupt severe chest or back pain)"))
   (trigger-def (id possible_aneurysm) (disposition emergency) (kind red-flag)
      (says "sudden severe back pain (7 out of 10 or worse) at age 65 or over can be a leaking or burst aortic aneurysm (a swelling of the body's main blood vessel, in the tummy), with or without an injury")
      (safety-net "you are 65 or older and get sudden, severe back pain (7 out of 10 or worse)")
      ;; age is fixed: left out of the safety net of anyone younger
      (net-if age >= 65)
      (source "NHS abdominal aortic aneurysm (sudden severe lower back pain: call 999); telephone triage practice (sudden severe back pain in older adults)")))

(defrule red-flag-both-legs
   "New numbness, tingling or weakness in both legs, or pain down both legs below the knee, is a red flag for cauda equina syndrome: emergency. Source: GIRFT national suspected cauda equina pathway; NICE CKS red flags (cauda equina syndrome)"
   (declare (salience 1000))
   (logical (answer (id both_legs) (value yes)))
   =>
   (assert (trigger (id cauda_equina))))

(defrule red-flag-sexual-function-change
   "A new change in sexual function with back pain is a red flag for cauda equina syndrome: emergency. Source: GIRFT national suspected cauda equina pathway; NHS cauda equina syndrome"
   (declare (salience 1000))
   (logical (answer (id sexual_function_change) (value yes)))
   =>
   (assert (trigger (id cauda_equina))))

(defrule red-flag-cancer-leg-weakness
   "A weak leg after cancer may be spinal cord compression: emergency. Source: NICE NG234 (metastatic spinal cord compression)"
   (declare (salience 1000))
   (logical
      (answer (id cancer_history) (value yes))
      (answer (id leg_weakness) (value yes)))
   =>
   (assert (trigger (id spinal_cord_compression))))

(defrule red-flag-cancer-leg-numbness
   "A numb or tingling leg after cancer may be spinal cord compression: emergency. Source: NICE NG234 (metastatic spinal cord compression)"
   (declare (salience 1000))
   (logical
      (answer (id cancer_history) (value yes))
      (answer (id leg_numbness) (value yes)))
   =>
   (assert (trigger (id spinal_cord_compression))))

(defrule red-flag-cancer-leg-pain
   "Pain down a leg after cancer may be a spinal metastasis pressing on a nerve root: emergency. Source: NICE NG234 (spinal metastases: radicular pain)"
   (declare (salience 1000))
   (logical
      (answer (id cancer_history) (value yes))
      (answer (id pain_radiates_down_leg) (value yes)))
   =>
   (assert (trigger (id spinal_cord_compression))))

(defrule red-flag-weight-loss-leg-weakness
   "A weak leg with unexplained weight loss may be spinal cord compression from a cancer not yet known: emergency. Source: NICE NG234 (suspected spinal metastases)"
   (declare (salience 1000))
   (logical
      (answer (id unexplained_weight_loss) (value yes))
      (answer (id leg_weakness) (value yes)))
   =>
   (assert (trigger (id spinal_cord_compression))))

(defrule red-flag-weight-loss-leg-numbness
   "A numb or tingling leg with unexplained weight loss may be spinal cord compression from a cancer not yet known: emergency. Source: NICE NG234 (suspected spinal metastases)"
   (declare (salience 1000))
   (logical
      (answer (id unexplained_weight_loss) (value yes))
      (answer (id leg_numbness) (value yes)))
   =>
   (assert (trigger (id spinal_cord_compression))))

(defrule red-flag-fever-leg-weakness
   "Fever with a weak leg may be a spinal abscess pressing on the nerves: emergency. Source: NICE CKS red flags (spinal infection); spinal epidural abscess"
   (declare (salience 1000))
   (logical
      (answer (id fever) (value yes))
      (answer (id leg_weakness) (value yes)))
   =>
   (assert (trigger (id infection_with_deficit))))

(defrule red-flag-fever-leg-numbness
   "Fever with a numb or tingling leg may be a spinal abscess pressing on the nerves: emergency. Source: NICE CKS red flags (spinal infection); spinal epidural abscess"
   (declare (salience 1000))
   (logical
      (answer (id fever) (value yes))
      (answer (id leg_numbness) (value yes)))
   =>
   (assert (trigger (id infection_with_deficit))))

(defrule red-flag-infection-risk-leg-weakness
   "A raised risk of infection with a weak leg may be a spinal abscess pressing on the nerves: emergency. Source: NICE CKS red flags (spinal infection); spinal epidural abscess"
   (declare (salience 1000))
   (logical
      (answer (id infection_risk) (value yes))
      (answer (id leg_weakness) (value yes)))
   =>
   (assert (trigger (id infection_with_deficit))))

(defrule red-flag-infection-risk-leg-numbness
   "A raised risk of infection with a numb or tingling leg may be a spinal abscess pressing on the nerves: emergency. Source: NICE CKS red flags (spinal infection); spinal epidural abscess"
   (declare (salience 1000))
   (logical
      (answer (id infection_risk) (value yes))
      (answer (id leg_numbness) (value yes)))
   =>
   (assert (trigger (id infection_with_deficit))))

(defrule red-flag-serious-accident
   "Back pain after a serious accident (a crash at speed, a fall from a height, a heavy blow) may be a broken spine: emergency. Source: NHS back pain (call 999 after a serious accident)"
   (declare (salience 1000))
   (logical (answer (id serious_accident) (value yes)))
   =>
   (assert (trigger (id major_trauma))))

(defrule red-flag-chest-pain
   "Chest pain with back pain may come from the heart or the aorta: emergency. Source: NHS back pain (call 999 with chest pain)"
   (declare (salience 1000))
   (logical (answer (id chest_pain) (value yes)))
   =>
   (assert (trigger (id chest_pain))))

(defrule red-flag-faint-or-clammy
   "Fainting, or feeling faint with cold clammy skin, with back pain may be internal bleeding such as a burst aortic aneurysm: emergency. Source: NHS abdominal aortic aneurysm (signs of a burst aneurysm)"
   (declare (salience 1000))
   (logical (answer (id faint_or_clammy) (value yes)))
   =>
   (assert (trigger (id collapse_signs))))

(defrule red-flag-sudden-severe-thoracic-pain
   "Sudden pain of 8/10 or more in the upper or middle back may be an aortic dissection: emergency. Source: ESC 2014 guidelines on aortic diseases (abrupt severe chest or back pain)"
   (declare (salience 1000))
   (logical
      (answer (id pain_onset) (value sudden))
      (answer (id pain_severity) (value ?p&:(>= ?p 8)))
      (answer (id pain_location) (value $? upper_back|mid_back $?)))
   =>
   (assert (trigger (id possible_dissection))))

(defrule red-flag-sudden-severe-pain-age
   "Sudden pain of 7/10 or more at age 65 or over, whatever the sex and with or without an injury, may be a leaking aortic aneurysm: emergency. Source: NHS abdominal aortic aneurysm (sudden severe lower back pain: call 999)"
   (declare (salience 1000))
   (logical
      (answer (id age) (value ?age&:(>= ?age 65)))
      (answer (id pain_onset) (value sudden))
      (answer (id pain_severity) (value ?p&:(>= ?p 7))))
   =>
   (assert (trigger (id possible_aneurysm))))

;; ---- an emergency that a not-sure answer leaves open: see a doctor today ---
;; ---- One answer not sure, the others meeting an emergency's rule: the
;; ---- emergency is not confirmed, but it is not ruled out either (triage
;; ---- policy, unknown answers: a not-sure answer must never silence a red
;; ---- flag that could be dangerous), so a doctor should see the person today.
;; ---- A number not known (age, severity) asserts no answer, so it cannot be
;; ---- told from one never given: those are left to the assumptions.

(deffacts red-flag-triggers-not-ruled-out
   (trigger-def (id compression_not_ruled_out) (disposition urgent) (kind red-flag)
      (says "a numb or weak leg, or pain down a leg, when you are not sure about cancer, weight loss, a fever or a raised risk of infection: something pressing on the spinal cord or its nerves cannot be ruled out, so a doctor should check today")
      (source "NICE NG234 (suspected spinal metastases with neurological symptoms); NICE CKS red flags: spinal infection; docs/triage-policy.md (unknown answers: a dangerous cause that cannot be ruled out)"))
   (trigger-def (id aortic_not_ruled_out) (disposition urgent) (kind red-flag)
      (says "severe pain when you are not sure whether it came on suddenly, at 65 or over or in the upper or middle back: a problem with the body's main blood vessel cannot be ruled out, so a doctor should see you today")
      (source "NHS abdominal aortic aneurysm; ESC 2014 guidelines on aortic diseases; docs/triage-policy.md (unknown answers: a dangerous cause that cannot be ruled out)"))
   (trigger-def (id dissection_not_ruled_out) (disposition urgent) (kind red-flag)
      (says "sudden, very severe pain (8 out of 10 or worse) when you are not sure where it is: a tear in the body's main blood vessel cannot be ruled out, so a doctor should see you today")
      (source "ESC 2014 guidelines on aortic diseases; docs/triage-policy.md (unknown answers: a dangerous cause that cannot be ruled out)")))

(defrule not-ruled-out-cancer-nerve
   "Not sure about cancer in the past, with a numb or weak leg or pain down a leg: spinal cord compression cannot be ruled out, see a doctor today. Source: NICE NG234 (suspected spinal metastases); docs/triage-policy.md (unknown answers)"
   (declare (salience 1000))
   (logical
      (answer (id cancer_history) (value unknown))
      (or (answer (id leg_numbness) (value yes))
          (answer (id leg_weakness) (value yes))
          (answer (id pain_radiates_down_leg) (value yes))))
   =>
   (assert (trigger (id compression_not_ruled_out))))

(defrule not-ruled-out-weight-loss-nerve
   "Not sure about weight loss, with a numb or weak leg: spinal cord compression from a cancer not yet known cannot be ruled out, see a doctor today. Source: NICE NG234 (suspected spinal metastases); docs/triage-policy.md (unknown answers)"
   (declare (salience 1000))
   (logical
      (answer (id unexplained_weight_loss) (value unknown))
      (or (answer (id leg_numbness) (value yes))
          (answer (id leg_weakness) (value yes))))
   =>
   (assert (trigger (id compression_not_ruled_out))))

(defrule not-ruled-out-infection-nerve
   "Not sure about a fever or a raised risk of infection, with a numb or weak leg: a spinal abscess cannot be ruled out, see a doctor today. Source: NICE CKS red flags (spinal infection); docs/triage-policy.md (unknown answers)"
   (declare (salience 1000))
   (logical
      (or (answer (id fever) (value unknown))
          (answer (id infection_risk) (value unknown)))
      (or (answer (id leg_numbness) (value yes))
          (answer (id leg_weakness) (value yes))))
   =>
   (assert (trigger (id compression_not_ruled_out))))

(defrule not-ruled-out-aneurysm-onset
   "Not sure whether pain of 7/10 or more at 65 or over came on suddenly: a leaking aortic aneurysm cannot be ruled out, see a doctor today. Source: NHS abdominal aortic aneurysm; docs/triage-policy.md (unknown answers)"
   (declare (salience 1000))
   (logical
      (answer (id pain_onset) (value unknown))
      (answer (id pain_severity) (value ?p&:(>= ?p 7)))
      (answer (id age) (value ?age&:(>= ?age 65))))
   =>
   (assert (trigger (id aortic_not_ruled_out))))

(defrule not-ruled-out-dissection-onset
   "Not sure whether pain of 8/10 or more in the upper or middle back came on suddenly: an aortic dissection cannot be ruled out, see a doctor today. Source: ESC 2014 guidelines on aortic diseases; docs/triage-policy.md (unknown answers)"
   (declare (salience 1000))
   (logical
      (answer (id pain_onset) (value unknown))
      (answer (id pain_severity) (value ?p&:(>= ?p 8)))
      (answer (id pain_location) (value $? upper_back|mid_back $?)))
   =>
   (assert (trigger (id aortic_not_ruled_out))))

(defrule not-ruled-out-dissection-place
   "Sudden pain of 8/10 or more, not sure where: an aortic dissection cannot be ruled out, see a doctor today. Source: ESC 2014 guidelines on aortic diseases; docs/triage-policy.md (unknown answers)"
   (declare (salience 1000))
   (logical
      (answer (id pain_onset) (value sudden))
      (answer (id pain_severity) (value ?p&:(>= ?p 8)))
      (answer (id pain_location) (value unknown)))
   =>
   (assert (trigger (id dissection_not_ruled_out))))

;; ---- see a doctor today (version 1, widened in version 2) ---------------

(defrule red-flag-infection-risk
   "Back pain with a raised risk of infection (injected drugs, a weak immune system, a recent infection, spine surgery or injection) may be a spinal infection even without a fever: see a doctor today. Source: NICE CKS red flags (spinal infection: intravenous drug use, immunosuppression, recent infection)"
   (declare (salience 1000))
   (logical (answer (id infection_risk) (value yes)))
   =>
   (assert (trigger (id spinal_infection))))

(defrule red-flag-fracture-osteoporosis
   "Pain after an injury in someone with osteoporosis or on long-term steroids may be a fracture: see a doctor today. Source: NICE CKS red flags (fracture)"
   (declare (salience 1000))
   (logical
      (answer (id recent_trauma) (value yes))
      (answer (id osteoporosis) (value yes)))
   =>
   (assert (trigger (id possible_fracture))))

(defrule red-flag-fracture-age
   "Pain after an injury at age 70 or over may be a fracture: see a doctor today. Source: NICE CKS red flags (fracture)"
   (declare (salience 1000))
   (logical
      (answer (id recent_trauma) (value yes))
      (answer (id age) (value ?age&:(>= ?age 70))))
   =>
   (assert (trigger (id possible_fracture))))

(defrule red-flag-fracture-severe-pain
   "Pain of 8/10 or more after an injury may be a fracture: see a doctor today. Source: NICE CKS red flags (fracture)"
   (declare (salience 1000))
   (logical
      (answer (id recent_trauma) (value yes))
      (answer (id pain_severity) (value ?p&:(>= ?p 8))))
   =>
   (assert (trigger (id possible_fracture))))

(defrule red-flag-fracture-osteoporosis-sudden
   "Pain that came on suddenly in someone with osteoporosis or on long-term steroids may be a fracture, even with no injury: see a doctor today. Source: NICE CKS red flags (fracture: sudden onset with osteoporosis or steroid use)"
   (declare (salience 1000))
   (logical
      (answer (id osteoporosis) (value yes))
      (answer (id pain_onset) (value sudden)))
   =>
   (assert (trigger (id possible_fracture))))

(defrule red-flag-fracture-sudden-age
   "Pain that came on suddenly at age 65 or over may be a fracture, even with no injury (most spinal fractures in older people are never diagnosed, and many follow no fall): see a doctor today. Source: NICE CKS red flags (fracture); docs/triage-policy.md (possible_fracture)"
   (declare (salience 1000))
   (logical
      (answer (id age) (value ?age&:(>= ?age 65)))
      (answer (id pain_onset) (value sudden)))
   =>
   (assert (trigger (id possible_fracture))))

(defrule red-flag-fracture-injury-unsure-osteoporosis
   "Not sure whether the pain followed an injury, with osteoporosis or long-term steroids: a fracture cannot be ruled out, see a doctor today. Source: NICE CKS red flags (fracture: minor trauma with osteoporosis)"
   (declare (salience 1000))
   (logical
      (answer (id recent_trauma) (value unknown))
      (answer (id osteoporosis) (value yes)))
   =>
   (assert (trigger (id possible_fracture))))

(defrule red-flag-fracture-injury-unsure-age
   "Not sure whether the pain followed an injury, at age 70 or over: a fracture cannot be ruled out, see a doctor today. Source: NICE CKS red flags (fracture)"
   (declare (salience 1000))
   (logical
      (answer (id recent_trauma) (value unknown))
      (answer (id age) (value ?age&:(>= ?age 70))))
   =>
   (assert (trigger (id possible_fracture))))

(defrule red-flag-cancer-history
   "Back pain with a history of cancer may be spread to the spine: see a doctor today. Source: NICE CKS red flags (malignancy)"
   (declare (salience 1000))
   (logical (answer (id cancer_history) (value yes)))
   =>
   (assert (trigger (id possible_malignancy))))

(defrule red-flag-weight-loss
   "Back pain with unexplained weight loss may be a cancer: see a doctor today. Source: NICE CKS red flags (malignancy)"
   (declare (salience 1000))
   (logical (answer (id unexplained_weight_loss) (value yes)))
   =>
   (assert (trigger (id possible_malignancy))))

(defrule red-flag-night-pain
   "Pain that is worse at night, or does not ease with rest or a change of position, is non-mechanical at any age: see a doctor today. Source: NHS back pain (pain that does not ease with rest or is worse at night); NICE CKS red flags (non-mechanical pain)"
   (declare (salience 1000))
   (logical (answer (id night_pain) (value yes)))
   =>
   (assert (trigger (id non_mechanical_pain))))

(defrule red-flag-under-16
   "Back pain under 16 is outside the adult guidance: see a doctor soon. Source: NICE NG59 (scope: over 16s)"
   (declare (salience 1000))
   (logical (answer (id age) (value ?age&:(< ?age 16))))
   =>
   (assert (trigger (id outside_adult_scope))))

;; ---- version 2: see a doctor today or soon -------------------------------

(deffacts red-flag-triggers-v2-urgent
   (trigger-def (id motor_deficit) (disposition urgent) (kind red-flag)
      (says "a leg that is weak, not only painful, can mean a nerve is being pressed on and should be examined the same day")
      (safety-net "a leg becomes weak, for example your foot drags, your knee gives way or you cannot stand on your toes or heels")
      (source "NICE CKS sciatica red flags (motor weakness); regional acute spinal pathways (same-day assessment of new weakness)"))
   (trigger-def (id thoracic_pain_over_50) (disposition urgent) (kind red-flag)
      (says "pain in the upper or middle back at age 50 or over is more often from a serious cause and should be checked today")
      (safety-net "you are 50 or older and get pain in the upper or middle back, between or below the shoulder blades")
      ;; age is fixed: left out of the safety net of anyone younger
      (net-if age >= 50)
      (source "NICE CKS red flags (thoracic pain, age over 50); NHS back pain (pain between the shoulder blades)"))
   (trigger-def (id back_deformity) (disposition urgent) (kind red-flag)
      (says "a new lump, swelling or change in the shape of the back needs a doctor to look at it today")
      (safety-net "you notice a new lump, swelling or change in the shape of your back")
      (source "NHS back pain (a swelling or a change in the shape of the back)"))
   (trigger-def (id straining_with_risk) (disposition urgent) (kind red-flag)
      (says "back pain that gets worse on coughing, sneezing or straining, at age 50 or over or in the upper or middle back, can come from something pressing inside the spine and should be checked today")
      (safety-net "the pain gets worse when you cough, sneeze or strain, and you are 50 or older or the pain is in the upper or middle back")
      (source "NHS back pain (worse on coughing, sneezing or straining); a tumour feature when it comes with age or thoracic pain"))
   (trigger-def (id thoracic_pain) (disposition soon) (kind red-flag)
      (says "pain in the upper or middle back (the thoracic spine) is less often a simple strain and should be checked")
      (safety-net "you get pain in the upper or middle back, between or below the shoulder blades")
      (source "NICE CKS red flags (thoracic pain)"))
   (trigger-def (id pain_on_straining) (disposition soon) (kind red-flag)
      (says "back pain that is worse when you cough, sneeze or strain is common with a trapped nerve and is worth a check")
      (safety-net "the pain gets worse when you cough, sneeze or strain on the toilet")
      (source "NHS back pain; NHS sciatica"))
   (trigger-def (id inflammatory_pattern) (disposition soon) (kind red-flag)
      (says "back pain that began before age 45, has lasted 3 months or more and is stiff in the mornings can be an inflammatory back condition (axial spondyloarthritis), which a doctor should assess")
      (safety-net "you are under 45, the pain has lasted 3 months or more and your back is stiff in the mornings")
      ;; age is fixed: left out of the safety net of anyone 45 or older
      (net-if age < 45)
      (source "NICE NG65 (spondyloarthritis: refer when back pain began before 45 and has lasted 3 months or more)")))

(defrule red-flag-leg-weakness
   "A weak leg, not reported as getting worse, needs examining the same day: urgent. Source: NICE CKS sciatica red flags (motor weakness); regional acute spinal pathways"
   (declare (salience 1000))
   (logical
      (answer (id leg_weakness) (value yes))
      (not (answer (id weakness_worsening) (value yes))))
   =>
   (assert (trigger (id motor_deficit))))

(defrule red-flag-thoracic-pain-age
   "Pain in the upper or middle back at age 50 or over: see a doctor today. Source: NICE CKS red flags (thoracic pain, age over 50); NHS back pain"
   (declare (salience 1000))
   (logical
      (answer (id pain_location) (value $? upper_back|mid_back $?))
      (answer (id age) (value ?age&:(>= ?age 50))))
   =>
   (assert (trigger (id thoracic_pain_over_50))))

(defrule red-flag-back-deformity
   "A new lump, swelling or change in the shape of the back: see a doctor today. Source: NHS back pain (a swelling or a change in the shape of the back)"
   (declare (salience 1000))
   (logical (answer (id back_deformity) (value yes)))
   =>
   (assert (trigger (id back_deformity))))

(defrule red-flag-straining-age
   "Pain worse on coughing, sneezing or straining at age 50 or over: see a doctor today. Source: NHS back pain (worse on coughing, sneezing or straining)"
   (declare (salience 1000))
   (logical
      (answer (id pain_worse_straining) (value yes))
      (answer (id age) (value ?age&:(>= ?age 50))))
   =>
   (assert (trigger (id straining_with_risk))))

(defrule red-flag-straining-thoracic
   "Pain worse on coughing, sneezing or straining in the upper or middle back: see a doctor today. Source: NHS back pain (worse on coughing, sneezing or straining); NICE CKS red flags (thoracic pain)"
   (declare (salience 1000))
   (logical
      (answer (id pain_worse_straining) (value yes))
      (answer (id pain_location) (value $? upper_back|mid_back $?)))
   =>
   (assert (trigger (id straining_with_risk))))

(defrule red-flag-thoracic-pain
   "Pain in the upper or middle back: see a doctor soon. Source: NICE CKS red flags (thoracic pain)"
   (declare (salience 1000))
   (logical (answer (id pain_location) (value $? upper_back|mid_back $?)))
   =>
   (assert (trigger (id thoracic_pain))))

(defrule red-flag-pain-on-straining
   "Pain worse on coughing, sneezing or straining: see a doctor soon. Source: NHS back pain; NHS sciatica"
   (declare (salience 1000))
   (logical (answer (id pain_worse_straining) (value yes)))
   =>
   (assert (trigger (id pain_on_straining))))

(defrule red-flag-inflammatory-pattern
   "Back pain for 90 days or more, stiff in the mornings, under age 45: possible axial spondyloarthritis, see a doctor soon. Source: NICE NG65 (spondyloarthritis: refer when back pain began before 45 and has lasted 3 months or more)"
   (declare (salience 1000))
   (logical
      (answer (id age) (value ?age&:(< ?age 45)))
      (answer (id pain_duration_days) (value ?d&:(>= ?d 90)))
      (answer (id morning_stiffness) (value yes)))
   =>
   (assert (trigger (id inflammatory_pattern))))
