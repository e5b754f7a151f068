;;; A new red flag whose question id is misspelled: lint must say which id was meant.
(deffacts typo-flag
   (trigger-def (id typo_flag) (disposition urgent) (kind red-flag)
      (says "a test red flag") (safety-net "a test") (source "test")))

(defrule typo-red-flag "A test red flag on a misspelled question. Source: test"
   (declare (salience 1000))
   (logical (answer (id fevr) (value yes)))
   =>
   (assert (trigger (id typo_flag))))
