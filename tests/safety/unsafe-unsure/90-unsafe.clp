;;; A deliberately unsafe overlay for the check-safety test: very severe pain
;;; is an emergency when the person says how it began, suddenly or gradually,
;;; but not when they are not sure, so a not-sure answer lowers the
;;; disposition.
(deffacts unsafe-unsure
   (trigger-def (id severe_gradual) (disposition emergency) (kind threshold)
      (says "very severe pain, however it began") (safety-net "the pain reaches 9 out of 10")
      (source "test: deliberately unsafe")))

(defrule severe-gradual-pain
   "Very severe pain that came on suddenly or gradually: emergency. Deliberately unsafe. Source: test"
   (declare (salience 500))
   (logical
      (answer (id pain_onset) (value sudden|gradual))
      (answer (id pain_severity) (value ?p&:(>= ?p 9))))
   =>
   (assert (trigger (id severe_gradual))))
