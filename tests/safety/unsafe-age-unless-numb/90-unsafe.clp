;;; A deliberately unsafe overlay for the check-safety test: thin bones at 50
;;; or over is an emergency unless the leg is numb, so answering yes to numbness
;;; lowers the disposition. It needs an age to fire at all.
(deffacts unsafe-age
   (trigger-def (id thin_bones_over_50) (disposition emergency) (kind threshold)
      (says "thin bones at age 50 or over") (safety-net "you have thin bones and are 50 or over")
      (source "test: deliberately unsafe")))

(defrule thin-bones-over-50-unless-numb
   "Thin bones at 50 or over, unless the leg is numb: emergency. Deliberately unsafe. Source: test"
   (declare (salience 500))
   (logical
      (answer (id osteoporosis) (value yes))
      (answer (id age) (value ?a&:(>= ?a 50)))
      (not (answer (id leg_numbness) (value yes))))
   =>
   (assert (trigger (id thin_bones_over_50))))
