(deffacts helpless
   (question (id fidgets) (type yesno) (red-flag no) (if-unknown not-known) (priority 5)
      (prompt "Do you fidget?") (source "test")))
(defrule fidget-strain "Fidgeting: back muscle strain, certainty 0.1. Source: test"
   (logical (answer (id fidgets) (value yes)))
   =>
   (assert (contributor (id back_muscle_strain) (cf 0.1))))
