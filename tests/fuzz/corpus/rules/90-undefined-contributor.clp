(defrule new-contributor "Concludes a contributor nobody defined. Source: test"
   (logical (answer (id fever) (value yes)))
   =>
   (assert (contributor (id made_up_contributor) (cf 1.0))))
