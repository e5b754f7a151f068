;;; A checklist that puts an emergency item (chest pain) beside an urgent one
;;; (fever): a "none" or a hurried tick would treat them alike.
(deffacts mixed
   (override (kind checklist) (id urgent_signs))
   (checklist (id urgent_signs)
      (prompt "Do any of these apply to you?")
      (items cancer_history fever)
      (source "test"))
   (override (kind checklist) (id emergency_signs))
   (checklist (id emergency_signs)
      (prompt "Do any of these apply to you?")
      (items chest_pain both_legs unexplained_weight_loss)
      (source "test")))
