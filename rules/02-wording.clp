;;; 02-wording.clp: the words the front ends (the shell, its report, batch's
;;; text, the web page) put around the rules' own texts where those words speak
;;; of the body or the advice, so that no C or JavaScript file says anything
;;; clinical. "{}" stands for the question's label. A front end leaves out a
;;; line whose wording the rules do not give. Source: docs/triage-policy.md
;;; (Unknown answers: a dangerous cause that cannot be ruled out is treated as
;;; present; contributors).

(deffacts wording
   ;; the shell's first line, before the notices
   (wording (id greeting) (text "triage: questions about your back pain, the most serious first."))
   ;; the title of the questions as a FHIR Questionnaire (GET /v1/questionnaire)
   (wording (id questionnaire) (text "Lower back pain triage"))
   ;; the heading over the contributors of a result
   (wording (id contributors) (text "What is probably behind the pain"))
   ;; the title of the one-page summary the shell's report writes
   (wording (id report) (text "Back pain: summary to show a doctor"))
   ;; said when a not-sure that counts as yes is asked once more
   (wording (id not-sure-again)
      (text "This one matters: if it cannot be ruled out, it has to be treated as yes. Please think again: yes, no, or still not sure?"))
   ;; said when that second not-sure is taken, while questions go on
   (wording (id taken-as-yes)
      (text "Taken as yes ({}), because a dangerous cause cannot be ruled out."))
   ;; said first in a result that such an answer made
   (wording (id not-sure-result)
      (text "You were not sure about this ({}). It cannot be ruled out, so the advice treats it as if it were so.")))
