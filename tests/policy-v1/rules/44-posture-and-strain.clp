;;; 44-posture-and-strain.clp: postural strain, back muscle strain, facet joint
;;; arthritis, stress tension and excess weight.
;;; Sources: 000 (Posture), 001 (Tips for Relieving Lower Back Pain), 002 (Why
;;; does my lower back tighten up?; Why does my back stiffen up?; Can your back
;;; hurt from stress?), 003 (Tight back muscles: causative factors).

(deffacts posture-and-strain-contributors
   (contributor-def (id postural_strain) (name "Postural strain")
      (says "slouching or long hours of sitting strain the muscles and ligaments of the lower back")
      (source "000 (Posture); 001 (Practice Good Posture); 002 (Why does my lower back tighten up?)"))
   (contributor-def (id back_muscle_strain) (name "Back muscle strain")
      (says "hard activity, too little water or poor sleep can leave the back muscles tight, crampy and sore")
      (source "003 (Tight back muscles: intense activity, dehydration, the wrong mattress)"))
   (contributor-def (id facet_joint_arthritis) (name "Facet joint wear (osteoarthritis)")
      (says "wear of the small joints of the spine causes stiffness, most often after 60")
      (source "002 (Why does my back stiffen up?)"))
   (contributor-def (id stress_tension) (name "Stress tension")
      (says "stress changes breathing and tightens the muscles of the mid and upper back")
      (source "002 (Can your back hurt from stress?); 004 (Mindfulness and Stress Reduction)"))
   (contributor-def (id excess_weight) (name "Excess weight")
      (says "extra body weight adds load on the lower back")
      (source "001 (Maintain a Healthy Weight); 002 (Can your back hurt from stress?: obesity)")))

(defrule postural-strain-reported
   "The person slouches: postural strain, certainty 1.0. Source: 001 (Practice Good Posture); 002 (postural stress)"
   (logical (answer (id poor_posture) (value yes)))
   =>
   (assert (contributor (id postural_strain) (cf 1.0))))

(defrule postural-strain-sitting
   "Sitting 6 hours a day or more: postural strain, certainty 0.6. Source: 001 (Introduction: prolonged sitting); 002 (Don't slump over your desk)"
   (logical (answer (id sitting_hours) (value ?h&:(>= ?h 6))))
   =>
   (assert (contributor (id postural_strain) (cf 0.6))))

(defrule back-strain-intense-activity
   "Recent intense physical activity: back muscle strain, certainty 0.7. Source: 003 (intense physical activity)"
   (logical (answer (id recent_intense_activity) (value yes)))
   =>
   (assert (contributor (id back_muscle_strain) (cf 0.7))))

(defrule back-strain-dehydration
   "Dehydration: back muscle strain, certainty 0.7. Source: 003 (dehydration; muscles dehydrated or overworked)"
   (logical (answer (id dehydration) (value yes)))
   =>
   (assert (contributor (id back_muscle_strain) (cf 0.7))))

(defrule back-strain-sleep-or-mattress
   "Poor sleep or the wrong mattress: back muscle strain, certainty 0.7. Source: 003 (the wrong mattress); 001 (Get a Good Night's Sleep)"
   (logical (answer (id poor_sleep_or_mattress) (value yes)))
   =>
   (assert (contributor (id back_muscle_strain) (cf 0.7))))

(defrule facet-joint-arthritis-age-stiffness
   "Age 60 or over with morning stiffness: facet joint arthritis, certainty 0.5 (likely, not established). Source: 002 (Why does my back stiffen up?)"
   (logical
      (answer (id age) (value ?a&:(>= ?a 60)))
      (answer (id morning_stiffness) (value yes)))
   =>
   (assert (contributor (id facet_joint_arthritis) (cf 0.5))))

(defrule stress-tension-mid-upper-back
   "High stress with mid or upper back pain: stress tension, certainty 0.7. Source: 002 (Can your back hurt from stress?)"
   (logical
      (answer (id high_stress) (value yes))
      (answer (id pain_location) (value $? mid_back|upper_back $?)))
   =>
   (assert (contributor (id stress_tension) (cf 0.7))))

(defrule excess-weight-reported
   "The person reports excess weight: excess weight, certainty 1.0. Source: 001 (Maintain a Healthy Weight)"
   (logical (answer (id overweight) (value yes)))
   =>
   (assert (contributor (id excess_weight) (cf 1.0))))
