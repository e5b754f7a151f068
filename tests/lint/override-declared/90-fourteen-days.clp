;;; A practice that checks persistent pain from 14 days: the rule and the
;;; words that state its threshold are replaced, and each replacement is declared.
(deffacts fourteen-days
   (override (kind rule) (id threshold-persistent-pain) (reason "the practice reviews pain from two weeks"))
   (override (kind trigger-def) (id persistent_pain))
   (trigger-def (id persistent_pain) (disposition soon) (kind threshold)
      (says "pain that has lasted 2 weeks or more should be checked")
      (safety-net "the pain lasts 2 weeks or more")
      (source "test: a practice's own policy")))

(defrule threshold-persistent-pain
   "Pain lasting 14 days or more: see a doctor or physiotherapist. Source: test: a practice's own policy"
   (declare (salience 500))
   (logical (answer (id pain_duration_days) (value ?d&:(>= ?d 14))))
   =>
   (assert (trigger (id persistent_pain))))
