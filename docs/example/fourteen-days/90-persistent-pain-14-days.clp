;;; 90-persistent-pain-14-days.clp: the second worked example of docs/RULES.md,
;;; an overlay that changes a shipped threshold: this practice wants back pain
;;; that has lasted two weeks looked at, not three. The rule and the words that
;;; state its number are both replaced, and each replacement is declared.

(deffacts persistent-pain-14-days
   (override (kind rule) (id threshold-persistent-pain)
      (reason "the practice reviews back pain that has lasted two weeks"))
   (override (kind trigger-def) (id persistent_pain)
      (reason "its words state the threshold"))
   (trigger-def (id persistent_pain) (disposition soon) (kind threshold)
      (says "pain that has lasted 2 weeks or more should be checked")
      (safety-net "the pain lasts 2 weeks or more")
      (source "the practice's own policy; 003 (back pain that does not go away)")))

(defrule threshold-persistent-pain
   "Pain lasting 14 days or more: see a doctor or physiotherapist soon. Source: the practice's own policy; 003 (back pain that does not go away)"
   (declare (salience 500))
   (logical (answer (id pain_duration_days) (value ?d&:(>= ?d 14))))
   =>
   (assert (trigger (id persistent_pain))))
