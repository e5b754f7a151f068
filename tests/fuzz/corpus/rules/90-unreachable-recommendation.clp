(deffacts unreachable-recommendation
   (recommendation-def (id moon_walk) (kind exercise) (title "Moon walk")
      (how "Walk on the moon.") (source "test")))
(defrule offer-moon-walk "Only for people over 200. Source: test"
   (logical (answer (id age) (value ?a&:(>= ?a 200))))
   =>
   (assert (recommend (id moon_walk) (because age))))
