;;; An override whose id is misspelled replaces nothing.
(deffacts nothing
   (override (kind rule) (id threshold-persistant-pain)))
