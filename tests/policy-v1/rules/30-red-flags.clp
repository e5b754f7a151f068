;;; 30-red-flags.clp: red flags that no responsible back-pain triage may miss.
;;; Not covered by the five documents; taken from NICE NG59 (low back pain and
;;; sciatica in over 16s), NICE CKS (back pain: red flags) and NHS advice.
;;; Each trigger-def carries the plain words of the safety net shown to anyone
;;; whose result did not reach it.

(deffacts red-flag-triggers
   (trigger-def (id cauda_equina) (disposition emergency) (kind red-flag)
      (says "numbness around the groin or buttocks, or a change in bladder or bowel control, can mean the nerves at the base of the spine are being squeezed (cauda equina syndrome)")
      (safety-net "you get numbness around your groin, buttocks or genitals, or new trouble passing or holding urine or stool")
      (source "NICE NG59; NICE CKS red flags: cauda equina syndrome"))
   (trigger-def (id progressive_neuro_deficit) (disposition emergency) (kind red-flag)
      (says "leg weakness that is getting worse can mean a nerve is being badly compressed")
      (safety-net "a leg becomes weak and the weakness gets worse")
      (source "NICE CKS red flags: progressive neurological deficit"))
   (trigger-def (id spinal_infection) (disposition urgent) (kind red-flag)
      (says "fever with back pain can be a sign of infection in the spine")
      (safety-net "you develop a fever (38 C or more) with the back pain")
      (source "NICE CKS red flags: spinal infection"))
   (trigger-def (id possible_fracture) (disposition urgent) (kind red-flag)
      (says "pain after an injury, with thin bones, age 70 or over, or very severe pain, can mean a broken bone in the spine")
      (safety-net "the pain followed a fall or injury and you have osteoporosis, are 70 or older, or the pain is 8 out of 10 or worse")
      (source "NICE CKS red flags: fracture"))
   (trigger-def (id possible_malignancy) (disposition urgent) (kind red-flag)
      (says "back pain in someone who has had cancer, or who is losing weight without trying, needs a doctor to rule out cancer in the spine")
      (safety-net "you are losing weight without trying")
      (source "NICE CKS red flags: malignancy"))
   (trigger-def (id non_mechanical_pain) (disposition soon) (kind red-flag)
      (says "pain at night or at rest that does not ease with position, at age 50 or over, is not typical of a muscle strain")
      (safety-net "the pain keeps you awake at night or does not ease at rest (if you are 50 or older)")
      (source "NICE CKS red flags: non-mechanical pain"))
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

(defrule red-flag-night-pain-over-50
   "Pain at night or at rest that does not ease, at 50 or over, is non-mechanical: see a doctor within 1-2 weeks. Source: NICE CKS red flags (non-mechanical pain)"
   (declare (salience 1000))
   (logical
      (answer (id night_pain) (value yes))
      (answer (id age) (value ?age&:(>= ?age 50))))
   =>
   (assert (trigger (id non_mechanical_pain))))

(defrule red-flag-under-16
   "Back pain under 16 is outside the adult guidance: see a doctor within 1-2 weeks. Source: NICE NG59 (scope: over 16s)"
   (declare (salience 1000))
   (logical (answer (id age) (value ?age&:(< ?age 16))))
   =>
   (assert (trigger (id outside_adult_scope))))
