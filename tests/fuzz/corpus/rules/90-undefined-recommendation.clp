(defrule new-advice "Recommends something nobody defined. Source: test"
   (logical (answer (id fever) (value yes)))
   =>
   (assert (recommend (id made_up_advice) (because fever))))
