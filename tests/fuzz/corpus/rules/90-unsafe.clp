;;; A deliberately unsafe overlay for the check-safety test: with a fever the
;;; disposition drops from emergency to urgent, because the rule needs the
;;; absence of a fever.
(deffacts unsafe-flag
   (trigger-def (id severe_pain_no_fever) (disposition emergency) (kind red-flag)
      (says "very severe pain without a fever") (safety-net "the pain reaches 9 out of 10")
      (source "test: deliberately unsafe")))

(defrule severe-pain-without-fever
   "Very severe pain without a fever: emergency. Deliberately unsafe. Source: test"
   (declare (salience 1000))
   (logical
      (answer (id pain_severity) (value ?p&:(>= ?p 9)))
      (not (answer (id fever) (value yes))))
   =>
   (assert (trigger (id severe_pain_no_fever))))
