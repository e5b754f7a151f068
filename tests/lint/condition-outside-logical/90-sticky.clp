;;; A rule whose answer condition sits outside (logical ...): its trigger
;;; would stay when the answer changes (and in batch, leak into the next case).
(defrule sticky-fever "Fever, with only the question definition under logical support. Source: test"
   (declare (salience 1000))
   (logical (question (id fever)))
   (answer (id fever) (value yes))
   =>
   (assert (trigger (id spinal_infection))))
