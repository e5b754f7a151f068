;;; A red flag that can never fire: no pain score is above 10. check-safety
;;; must report it as a finding rather than call the rules safe.
(deffacts dead-flag
   (trigger-def (id impossible_pain) (disposition emergency) (kind red-flag)
      (says "pain above 10 out of 10") (safety-net "the pain goes above 10 out of 10")
      (source "test: deliberately dead")))

(defrule red-flag-impossible-pain
   "Pain above 10 out of 10: emergency. Deliberately dead. Source: test"
   (declare (salience 1000))
   (logical (answer (id pain_severity) (value ?p&:(> ?p 10))))
   =>
   (assert (trigger (id impossible_pain))))
