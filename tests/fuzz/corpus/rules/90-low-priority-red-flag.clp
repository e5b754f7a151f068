(defrule late-red-flag "A red flag with a low priority. Source: test"
   (declare (salience 10))
   (logical (answer (id night_pain) (value yes)) (answer (id fever) (value yes)))
   =>
   (assert (trigger (id spinal_infection))))
