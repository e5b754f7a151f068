;;; An overlay whose comparison check-safety cannot read: the age is tested
;;; with an expression, so its worrying side is unknown and it is reported as
;;; unchecked.
(deffacts hidden-age
   (trigger-def (id hidden_age) (disposition soon) (kind threshold)
      (says "a test threshold on age") (safety-net "a test")
      (source "test")))

(defrule hidden-age-threshold
   "A test threshold on age. Source: test"
   (declare (salience 500))
   (logical
      (answer (id age) (value ?a))
      (test (> (* ?a 2) 100)))
   =>
   (assert (trigger (id hidden_age))))
