;;; A deliberately unsafe overlay for the check-safety test: pain in the hip
;;; is an emergency unless it also goes below the knee, so adding a place
;;; lowers the disposition.
(deffacts unsafe-list
   (trigger-def (id hip_only) (disposition emergency) (kind threshold)
      (says "pain in the hip alone") (safety-net "the pain is in your hip")
      (source "test: deliberately unsafe")))

(defrule hip-pain-not-below-knee
   "Hip pain that does not reach below the knee: emergency. Deliberately unsafe. Source: test"
   (declare (salience 500))
   (logical
      (answer (id pain_location) (value $? hip $?))
      (not (answer (id pain_location) (value $? below_knee $?))))
   =>
   (assert (trigger (id hip_only))))
