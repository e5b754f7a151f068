;;; An overlay that blanks what the front ends say when a not-sure is taken as
;;; yes: refused, since the person would not be told why.
(deffacts quiet
   (override (kind wording) (id taken-as-yes) (reason "test: shorter screens"))
   (wording (id taken-as-yes) (text "")))
