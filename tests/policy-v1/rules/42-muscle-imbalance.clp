;;; 42-muscle-imbalance.clp: muscle imbalance (tight hip flexors or a weak core
;;; together with tight hamstrings) and a weak core on its own.
;;; Sources: 002 (tight hip flexors weaken the glutes), 003 (How can muscle
;;; imbalances cause back pain?), 004 (Strengthening Exercises), 001 (core).

(deffacts imbalance-contributors
   (contributor-def (id muscle_imbalance) (name "Muscle imbalance")
      (says "some muscles are tight while others are weak, so the hamstrings and lower back overwork to make up for them")
      (source "002; 003 (How can muscle imbalances cause back pain?); 004 (Strengthening Exercises)"))
   (contributor-def (id weak_core) (name "Weak core")
      (says "weak stomach and back muscles put extra pressure on the lower back")
      (source "001 (Stretch and Strengthen Your Core); 004 (Strengthening Exercises)")))

(defrule weak-core-reported
   "The person reports a weak core: certainty 1.0. Source: 001 (Stretch and Strengthen Your Core)"
   (logical (answer (id weak_core) (value yes)))
   =>
   (assert (contributor (id weak_core) (cf 1.0))))

(defrule muscle-imbalance-hip-flexors
   "Overworked hamstrings and lower back (from tight hip flexors) with tight hamstrings: muscle imbalance, certainty the lesser of the two. Source: 002 (Do tight hips cause lower back pain?); 004 (Strengthening Exercises)"
   (logical
      (finding (id overworked_hamstrings_and_lower_back) (cf ?h))
      (contributor (id tight_hamstrings) (cf ?t)))
   =>
   (assert (contributor (id muscle_imbalance) (cf (min ?h ?t)))))

(defrule muscle-imbalance-weak-core
   "A weak core with tight hamstrings: muscle imbalance, certainty the lesser of the two. Source: 004 (tight hamstrings compensating for weak glutes or core); 003"
   (logical
      (contributor (id weak_core) (cf ?w))
      (contributor (id tight_hamstrings) (cf ?t)))
   =>
   (assert (contributor (id muscle_imbalance) (cf (min ?w ?t)))))
