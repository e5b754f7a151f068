;;; A trigger-def defined again without declaring an override.
(deffacts redefined
   (trigger-def (id persistent_pain) (disposition soon) (kind threshold)
      (says "pain that has lasted a long time should be checked")
      (safety-net "the pain lasts a long time")
      (source "test")))
