(defrule maybe-fever "Uses an answer value the question does not have. Source: test"
   (logical (answer (id fever) (value maybe)))
   =>
   (assert (trigger (id spinal_infection))))
