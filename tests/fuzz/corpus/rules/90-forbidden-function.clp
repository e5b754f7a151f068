(defrule shell-out "Reaches the shell. Source: test"
   (logical (answer (id fever) (value yes)))
   =>
   (assert (finding (id x) (cf (system "ls")))))
