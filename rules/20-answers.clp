;;; 20-answers.clp: how missing and not-sure answers are treated, for every
;;; question at once, from its definition in 10-questions.clp.
;;; Source: docs/triage-policy.md (Triggers: unknown and absent answers), after the
;;; NHS Pathways practice of treating a dangerous cause that cannot be ruled out
;;; as present. Once an emergency is reached, what was not reported cannot make
;;; it more urgent, so it is no longer listed. Each text begins with the
;;; question's id ("ID: not sure, taken as yes", "ID not reported: taken as
;;; no"): callers and tests match these beginnings, and the shell shows the
;;; question's label in place of the id.

(defrule unknown-taken-as-yes
   "A not-sure answer to a question whose definition says so counts as yes. Source: docs/triage-policy.md (unknown answers); NHS Pathways practice"
   (declare (salience 900))
   (logical
      (answer (id ?q) (value unknown) (origin given))
      (question (id ?q) (type yesno) (if-unknown yes)))
   =>
   (assert (answer (id ?q) (value yes) (origin assumed)))
   (assert (assumption (id ?q) (text (str-cat ?q ": not sure, taken as yes because a dangerous cause cannot be ruled out")))))

(defrule unknown-red-flag-not-known
   "A not-sure yes/no answer to a red-flag question whose definition does not treat it as yes leaves its red flag unchecked. Source: docs/triage-policy.md (unknown answers)"
   (declare (salience 900))
   (logical
      (answer (id ?q&~sexual_function_change) (value unknown) (origin given))
      (question (id ?q) (type yesno) (red-flag yes) (if-unknown not-known))
      (not (and (trigger (id ?t)) (trigger-def (id ?t) (disposition emergency)))))
   =>
   (assert (assumption (id ?q) (text (str-cat ?q ": not sure, so it was not counted as yes: if it turns out to be so, the advice may need to be more urgent")))))

(defrule unknown-red-flag-choice-not-known
   "A not-sure choice or place on a red-flag question leaves the red flags that need it unchecked. Source: docs/triage-policy.md (unknown answers)"
   (declare (salience 900))
   (logical
      (answer (id ?q) (value unknown) (origin given))
      (question (id ?q) (type choice|multi) (red-flag yes) (if-unknown not-known))
      (not (and (trigger (id ?t)) (trigger-def (id ?t) (disposition emergency)))))
   =>
   (assert (assumption (id ?q) (text (str-cat ?q ": not sure, so the red flags that depend on it could not be checked: if you find out, the advice may need to be more urgent")))))

(defrule absent-red-flag-taken-as-no
   "A red-flag yes/no question that was not reported is taken as no. Source: docs/triage-policy.md (absent answers)"
   (declare (salience 900))
   (logical
      (question (id ?q) (red-flag yes) (type yesno) (relevant-if))
      (not (answer (id ?q)))
      (not (and (trigger (id ?t)) (trigger-def (id ?t) (disposition emergency)))))
   =>
   (assert (assumption (id ?q) (text (str-cat ?q " not reported: taken as no")))))

(defrule absent-dependent-red-flag-taken-as-no
   "A red-flag follow-up question, relevant because of an earlier answer, that was not reported is taken as no. Source: docs/triage-policy.md (absent answers)"
   (declare (salience 900))
   (logical
      (question (id ?q) (red-flag yes) (type yesno) (relevant-if ?p $?vals))
      (answer (id ?p) (value ?v&:(member$ ?v ?vals)))
      (not (answer (id ?q)))
      (not (and (trigger (id ?t)) (trigger-def (id ?t) (disposition emergency)))))
   =>
   (assert (assumption (id ?q) (text (str-cat ?q " not reported: taken as no")))))

(defrule absent-red-flag-number
   "A red-flag number (age, pain score, duration) that is missing or not known leaves the red flags that need it unchecked. Source: docs/triage-policy.md (unknown answers)"
   (declare (salience 900))
   (logical
      (question (id ?q) (red-flag yes) (type integer))
      (not (answer (id ?q)))
      (not (and (trigger (id ?t)) (trigger-def (id ?t) (disposition emergency)))))
   =>
   (assert (assumption (id ?q) (text (str-cat ?q " not known: the red flags that depend on it could not be checked")))))

(defrule unknown-sexual-function-not-known
   "Not sure about a change in sexual function (often there has been no occasion to tell): not known, and the result says what to look out for. Source: docs/triage-policy.md (new questions: sexual_function_change); GIRFT national suspected cauda equina pathway"
   (declare (salience 900))
   (logical
      (answer (id sexual_function_change) (value unknown) (origin given))
      (not (and (trigger (id ?t)) (trigger-def (id ?t) (disposition emergency)))))
   =>
   (assert (assumption (id sexual_function_change) (text "sexual_function_change: not sure (perhaps no chance to tell since the pain began), so a change in sexual function could not be ruled out: if you notice new trouble getting an erection, ejaculating or reaching orgasm, go to an emergency department now"))))

(defrule absent-red-flag-choice
   "A choice or list that a red-flag rule uses (where it hurts, how it began) and that was not reported leaves the red flags that depend on it unchecked. Source: docs/triage-policy.md (absent answers)"
   (declare (salience 900))
   (logical
      (question (id ?q) (red-flag yes) (type choice|multi) (relevant-if))
      (not (answer (id ?q)))
      (not (and (trigger (id ?t)) (trigger-def (id ?t) (disposition emergency)))))
   =>
   (assert (assumption (id ?q) (text (str-cat ?q " not reported: the red flags that depend on it could not be checked")))))
