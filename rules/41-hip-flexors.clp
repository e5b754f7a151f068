;;; 41-hip-flexors.clp: tight hip flexors and the chain they start:
;;; tight hip flexors -> weak glutes -> overworked hamstrings and lower back ->
;;; low back pain. Source: 002 (Do tight hips cause lower back pain?).

(deffacts hip-flexor-contributors
   (contributor-def (id hip_flexor_tightness) (name "Tight hip flexors")
      (says "the muscles at the front of the hip are tight, which compresses the lower back and weakens the glutes")
      (source "002 (Do tight hips cause lower back pain?)")))

(defrule hip-flexors-reported
   "The person reports tight hip flexors: certainty 1.0. Source: 002 (Do tight hips cause lower back pain?)"
   (logical (answer (id hip_flexor_tightness) (value yes)))
   =>
   (assert (contributor (id hip_flexor_tightness) (cf 1.0))))

(defrule hip-flexors-from-sitting
   "Sitting 6 hours a day or more with pain at the hip, groin or front of the thigh suggests tight hip flexors, certainty 0.6. Source: 002 (Do tight hips cause lower back pain?; symptoms of tight hip flexors)"
   (logical
      (answer (id sitting_hours) (value ?h&:(>= ?h 6)))
      (answer (id pain_location) (value $? hip|groin|front_of_thigh $?)))
   =>
   (assert (contributor (id hip_flexor_tightness) (cf 0.6))))

(defrule chain-hip-flexors-weaken-glutes
   "Link: tight hip flexors -> weak glutes. Source: 002 (Do tight hips cause lower back pain?)"
   (logical (contributor (id hip_flexor_tightness) (cf ?c)))
   =>
   (assert (finding (id weak_glutes) (cf ?c))))

(defrule chain-weak-glutes-overwork-hamstrings-and-back
   "Link: weak glutes -> the hamstrings and lower back muscles overwork. Source: 002 (Do tight hips cause lower back pain?); 004 (Strengthening Exercises)"
   (logical (finding (id weak_glutes) (cf ?c)))
   =>
   (assert (finding (id overworked_hamstrings_and_lower_back) (cf ?c))))

(defrule chain-overworked-muscles-low-back-pain
   "Link: overworked hamstrings and lower back muscles -> low back pain, when the person has lower back pain. Source: 002 (Do tight hips cause lower back pain?)"
   (logical
      (finding (id overworked_hamstrings_and_lower_back) (cf ?c))
      (answer (id pain_location) (value $? lower_back $?)))
   =>
   (assert (finding (id low_back_pain_from_hip_flexors) (cf ?c))))
