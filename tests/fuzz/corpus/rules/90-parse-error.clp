(defrule broken-slot "A broken slot name. Source: test"
   (logical (answer (id fever) (value yes)))
   =>
   (assert (trigger (idd spinal_infection))))
