;;; 43-sciatica.clp: the sciatica pattern (pain along the sciatic nerve).
;;; Sources: 000 (Imbalanced Skeletal Structure; Can tight hamstrings cause
;;; sciatica?), 002 (herniated disc: sciatica felt in the hip and buttocks).

(deffacts sciatica-contributors
   (contributor-def (id sciatica_pattern) (name "Sciatica pattern")
      (says "pain travelling down the leg suggests irritation of the sciatic nerve")
      (source "000 (Can tight hamstrings cause sciatica?); 002 (Why does my lower back and hips hurt?)")))

(defrule sciatica-radiating-pain
   "Pain that travels down a leg: sciatica pattern, certainty 1.0. Source: 000 (sciatica); 002 (sciatica)"
   (logical (answer (id pain_radiates_down_leg) (value yes)))
   =>
   (assert (contributor (id sciatica_pattern) (cf 1.0))))

(defrule sciatica-below-knee
   "Pain below the knee: sciatica pattern, certainty 0.8. Source: 000 (sciatica); NICE NG59 (sciatica)"
   (logical (answer (id pain_location) (value $? below_knee $?)))
   =>
   (assert (contributor (id sciatica_pattern) (cf 0.8))))

(defrule sciatica-buttock-numbness
   "Buttock pain with numbness or tingling in the leg: sciatica pattern, certainty 0.8. Source: 002 (Why does my lower back and hips hurt?: pain in the back, buttocks or hip)"
   (logical
      (answer (id pain_location) (value $? buttock $?))
      (answer (id leg_numbness) (value yes)))
   =>
   (assert (contributor (id sciatica_pattern) (cf 0.8))))
