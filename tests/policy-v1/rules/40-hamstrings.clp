;;; 40-hamstrings.clp: tight hamstrings, their causes, and the chain they start:
;;; tight hamstrings -> pelvic tilt -> lower back strain and poor posture ->
;;; overworked back muscles and fatigue; tight hamstrings -> sciatic-nerve
;;; pressure and knee strain. One rule per link, so each step is explained.
;;; Sources: 000 (causes; posture; fatigue; sciatica; knee pain), 001 (the link
;;; between hamstrings and lower back pain), 004 (pulls on the pelvis).

(deffacts hamstring-contributors
   (contributor-def (id tight_hamstrings) (name "Tight hamstrings")
      (says "the muscles at the back of the thighs cannot stretch and relax fully")
      (source "000 (What are Tight Hamstrings?); 001; 004"))
   (contributor-def (id pelvic_tilt) (name "Pelvic tilt from tight hamstrings")
      (says "tight hamstrings pull on the pelvis and tilt it, which puts extra stress on the lower back")
      (source "001 (Understanding the Link Between Hamstrings and Lower Back Pain); 004"))
   (contributor-def (id hamstring_knee_strain) (name "Knee strain from tight hamstrings")
      (says "tight hamstrings put extra strain on the knee joints")
      (source "000 (Can tight hamstrings cause knee pain?)")))

;; ---- causes (used both to infer tight hamstrings and to explain them) ----
;; A cause is listed only while tight hamstrings are possible: not when the
;; person says their hamstrings are not tight.

(defrule cause-no-regular-stretching
   "Not stretching regularly is a cause of tight hamstrings. Source: 000 (Lack of Stretching)"
   (logical
      (answer (id stretches_regularly) (value no))
      (not (answer (id hamstring_tightness) (value no))))
   =>
   (assert (cause (id no_regular_stretching) (of tight_hamstrings))))

(defrule cause-age-over-50
   "Muscles lose flexibility with age; 50 or over counts as a cause of tight hamstrings. Source: 000 (Age)"
   (logical
      (answer (id age) (value ?a&:(>= ?a 50)))
      (not (answer (id hamstring_tightness) (value no))))
   =>
   (assert (cause (id age_over_50) (of tight_hamstrings))))

(defrule cause-neurological-condition
   "A condition such as multiple sclerosis makes muscles tight. Source: 000 (Medical Conditions)"
   (logical
      (answer (id neurological_condition) (value yes))
      (not (answer (id hamstring_tightness) (value no))))
   =>
   (assert (cause (id neurological_condition) (of tight_hamstrings))))

(defrule cause-poor-posture
   "Poor posture and body alignment go with tight hamstrings. Source: 000 (What are Tight Hamstrings?; Posture)"
   (logical
      (answer (id poor_posture) (value yes))
      (not (answer (id hamstring_tightness) (value no))))
   =>
   (assert (cause (id poor_posture) (of tight_hamstrings))))

(defrule cause-repetitive-strain
   "Repetitive strain injury is a cause of tight hamstrings. Source: 000 (What are Tight Hamstrings?)"
   (logical
      (answer (id repetitive_strain) (value yes))
      (not (answer (id hamstring_tightness) (value no))))
   =>
   (assert (cause (id repetitive_strain) (of tight_hamstrings))))

(defrule cause-knee-or-ankle-injury
   "A past knee or ankle injury is a cause of tight hamstrings. Source: 000 (What are Tight Hamstrings?)"
   (logical
      (answer (id knee_or_ankle_injury) (value yes))
      (not (answer (id hamstring_tightness) (value no))))
   =>
   (assert (cause (id knee_or_ankle_injury) (of tight_hamstrings))))

(defrule cause-tight-clothing-or-footwear
   "Tight clothing or footwear is a cause of tight hamstrings. Source: 000 (What are Tight Hamstrings?)"
   (logical
      (answer (id tight_clothing_or_footwear) (value yes))
      (not (answer (id hamstring_tightness) (value no))))
   =>
   (assert (cause (id tight_clothing_or_footwear) (of tight_hamstrings))))

(defrule cause-prolonged-sitting
   "Sitting 6 hours a day or more tightens the hamstrings. Source: 001 (Introduction: prolonged sitting); 004 (sedentary lifestyle)"
   (logical
      (answer (id sitting_hours) (value ?h&:(>= ?h 6)))
      (not (answer (id hamstring_tightness) (value no))))
   =>
   (assert (cause (id prolonged_sitting) (of tight_hamstrings))))

(defrule cause-athlete-or-runner
   "Athletes and runners often have tight hamstrings. Source: 004 (Is Deep Tissue Massage Right for You?: athletes, runners)"
   (logical
      (answer (id athlete_or_runner) (value yes))
      (not (answer (id hamstring_tightness) (value no))))
   =>
   (assert (cause (id athlete_or_runner) (of tight_hamstrings))))

;; ---- tight hamstrings ----------------------------------------------------

(defrule tight-hamstrings-reported
   "The person reports tight hamstrings: certainty 1.0. Source: 000 (What are Tight Hamstrings?)"
   (logical (answer (id hamstring_tightness) (value yes)))
   =>
   (assert (contributor (id tight_hamstrings) (cf 1.0))))

(defrule tight-hamstrings-from-causes
   "Hamstring tightness not known but two or more of its causes present: tight hamstrings, certainty 0.6. Fires once, on the two causes that sort first. Source: 000 (What are the Causes of Tight Hamstrings?); 001; 004"
   (logical
      (not (answer (id hamstring_tightness) (value yes|no)))
      (cause (of tight_hamstrings) (id ?a))
      (not (cause (of tight_hamstrings) (id ?x&:(< (str-compare ?x ?a) 0))))
      (cause (of tight_hamstrings) (id ?b&:(> (str-compare ?b ?a) 0)))
      (not (cause (of tight_hamstrings) (id ?y&:(> (str-compare ?y ?a) 0)&:(< (str-compare ?y ?b) 0)))))
   =>
   (assert (contributor (id tight_hamstrings) (cf 0.6))))

;; ---- the chain -----------------------------------------------------------

(defrule chain-hamstrings-tilt-pelvis
   "Link: tight hamstrings with lower back pain -> pelvic tilt. Source: 001 (Understanding the Link Between Hamstrings and Lower Back Pain); 004 (Understanding Your Hamstrings)"
   (logical
      (contributor (id tight_hamstrings) (cf ?c))
      (answer (id pain_location) (value $? lower_back $?)))
   =>
   (assert (contributor (id pelvic_tilt) (cf ?c))))

(defrule chain-pelvic-tilt-strains-lower-back
   "Link: pelvic tilt -> lower back strain and poor posture (the spine pulled out of alignment). Source: 000 (Posture; Imbalanced Skeletal Structure); 001 (Boosts Posture)"
   (logical (contributor (id pelvic_tilt) (cf ?c)))
   =>
   (assert (finding (id lower_back_strain_and_poor_posture) (cf ?c))))

(defrule chain-lower-back-strain-overworks-muscles
   "Link: lower back strain -> other back muscles overcompensate, with fatigue and soreness. Source: 000 (Fatigue)"
   (logical (finding (id lower_back_strain_and_poor_posture) (cf ?c)))
   =>
   (assert (finding (id overworked_back_muscles_and_fatigue) (cf ?c))))

(defrule chain-hamstrings-press-sciatic-nerve
   "Link: tight hamstrings with a sciatica pattern -> pressure on the sciatic nerve. Source: 000 (Can tight hamstrings cause sciatica?); 001 (FAQs: sciatica)"
   (logical
      (contributor (id tight_hamstrings) (cf ?c))
      (contributor (id sciatica_pattern) (cf ?s)))
   =>
   (assert (finding (id sciatic_nerve_pressure) (cf (min ?c ?s)))))

(defrule chain-hamstrings-strain-knee
   "Link: tight hamstrings with knee pain -> knee strain. Source: 000 (Can tight hamstrings cause knee pain?)"
   (logical
      (contributor (id tight_hamstrings) (cf ?c))
      (answer (id pain_location) (value $? knee $?)))
   =>
   (assert (contributor (id hamstring_knee_strain) (cf ?c))))
