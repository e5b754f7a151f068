(deffacts unused-question
   (question (id shoe_size) (type integer) (min 1) (max 60) (red-flag no) (if-unknown not-known)
      (priority 5) (prompt "What is your shoe size?") (help "Not used by anything.")
      (source "test")))
