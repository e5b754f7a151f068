;;; A red flag on a question that is not marked red-flag: it would be asked late.
(deffacts late-flag
   (trigger-def (id sitting_flag) (disposition urgent) (kind red-flag)
      (says "a test red flag") (safety-net "a test") (source "test")))

(defrule sitting-red-flag "A test red flag on a contributor question. Source: test"
   (declare (salience 1000))
   (logical (answer (id hamstring_tightness) (value yes)))
   =>
   (assert (trigger (id sitting_flag))))
