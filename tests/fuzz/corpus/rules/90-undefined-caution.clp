(defrule new-caution "Cautions with something nobody defined. Source: test"
   (logical (answer (id fever) (value yes)))
   =>
   (assert (caution (id made_up_caution) (because fever))))
