(deffacts unsourced
   (trigger-def (id unsourced_flag) (disposition soon) (kind threshold)
      (says "a test threshold") (safety-net "a test")))

(defrule unsourced-threshold "A test threshold. Source: test"
   (declare (salience 500))
   (logical (answer (id fever) (value yes)))
   =>
   (assert (trigger (id unsourced_flag))))
