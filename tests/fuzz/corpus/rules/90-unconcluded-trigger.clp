(deffacts unconcluded-trigger
   (trigger-def (id orphan_flag) (disposition urgent) (kind red-flag)
      (says "a flag no rule reaches") (safety-net "never") (source "test")))
