;;; The threshold changed to 14 days, but the words still say 21.
(deffacts stale
   (override (kind rule) (id threshold-persistent-pain))
   (override (kind trigger-def) (id persistent_pain))
   (trigger-def (id persistent_pain) (disposition soon) (kind threshold)
      (says "pain that has lasted 21 days or more should be checked")
      (safety-net "the pain lasts 2 weeks or more")
      (source "test")))

(defrule threshold-persistent-pain
   "Pain lasting 14 days or more: see a doctor. Source: test"
   (declare (salience 500))
   (logical (answer (id pain_duration_days) (value ?d&:(>= ?d 14))))
   =>
   (assert (trigger (id persistent_pain))))
