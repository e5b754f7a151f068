;;; A condition missing its closing bracket.
(defrule unclosed "A test rule. Source: test"
   (declare (salience 1000))
   (logical
      (answer (id fever) (value yes))
   =>
   (assert (trigger (id spinal_infection))))
