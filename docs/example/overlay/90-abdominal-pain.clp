;;; 90-abdominal-pain.clp: the worked example of docs/RULES.md, an overlay that
;;; adds one red flag the shipped rules leave out (docs/triage-policy.md, known
;;; limits: no tummy or side location): back pain with pain in the tummy at 50
;;; or over can come from the aorta and should be seen the same day.
;;; Source: NHS abdominal aortic aneurysm (symptoms: tummy pain, back pain).

(deffacts abdominal-pain-question
   (question (id abdominal_pain) (type yesno) (red-flag yes) (if-unknown not-known) (priority 82)
      (prompt "Do you also have pain in your tummy (abdomen) or in your side?")
      (help "Pain in the tummy together with back pain, especially in older people, can come from the large blood vessel in the abdomen and should be checked the same day.")
      (source "NHS abdominal aortic aneurysm (symptoms)")))

(deffacts abdominal-pain-trigger
   (trigger-def (id abdominal_pain_over_50) (disposition urgent) (kind red-flag)
      (says "back pain with pain in the tummy at age 50 or over can come from the aorta, the large blood vessel in the abdomen")
      (safety-net "you also get pain in your tummy or your side and are 50 or over")
      (source "NHS abdominal aortic aneurysm (symptoms)")))

(defrule red-flag-abdominal-pain-over-50
   "Back pain with tummy pain at 50 or over may come from the aorta: see a doctor today. Source: NHS abdominal aortic aneurysm (symptoms)"
   (declare (salience 1000))
   (logical
      (answer (id abdominal_pain) (value yes))
      (answer (id age) (value ?a&:(>= ?a 50))))
   =>
   (assert (trigger (id abdominal_pain_over_50))))
