(defrule new-flag "Concludes a trigger nobody defined. Source: test"
   (logical (answer (id fever) (value yes)))
   =>
   (assert (trigger (id made_up_flag))))
