(deffacts fever-again
   (question (id fever) (type yesno) (red-flag yes) (if-unknown not-known) (priority 90)
      (prompt "Fever?") (help "Again.") (source "test")))
