(defrule asks-nothing "Uses a question nobody defined. Source: test"
   (logical (answer (id favourite_colour) (value yes)))
   =>
   (assert (trigger (id spinal_infection))))
