(defrule red-flag-fever "The fever red flag again. Source: test"
   (declare (salience 1000))
   (logical (answer (id fever) (value yes)))
   =>
   (assert (trigger (id spinal_infection))))
