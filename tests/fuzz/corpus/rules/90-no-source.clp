(defrule unsourced "A rule that names no source"
   (logical (answer (id fever) (value yes)))
   =>
   (assert (trigger (id spinal_infection))))
