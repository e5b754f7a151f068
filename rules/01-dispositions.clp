;;; 01-dispositions.clp: the four dispositions, the notice every result carries,
;;; and the stretching technique. Source: docs/triage-policy.md (Dispositions),
;;; NHS website advice on back pain (when to get help), 001 (Common Mistakes to
;;; Avoid While Stretching).

(deffacts dispositions
   ;; plan: whether a result at it shows a self-care plan; interview: once reached,
   ;; ask on, ask only what could make it more urgent (raise-only), or stop;
   ;; announce: reaching it part-way through the questions is said at once.
   (disposition-def (id emergency) (rank 4) (plan no) (interview stop)
      (title "EMERGENCY: go to an emergency department now")
      (action "go to an emergency department or call your emergency number now")
      (advice "Go to an emergency department now, or call your emergency number (999 in the UK, 112 in Europe, 911 in the US). Do not drive yourself. Do not wait to see whether it settles."))
   (disposition-def (id urgent) (rank 3) (plan no) (interview raise-only) (announce yes)
      (title "URGENT: see a doctor today")
      (action "see a doctor today")
      (advice "See a doctor today, within 24 hours. If your own doctor cannot see you today, use an urgent care service (NHS 111 in the UK). Until then, rest in whatever position is most comfortable and do no exercises."))
   (disposition-def (id soon) (rank 2) (announce yes)
      (title "SOON: book a doctor or physiotherapist within 1-2 weeks")
      (action "book a doctor or physiotherapist within 1-2 weeks")
      (advice "Book an appointment with a doctor or physiotherapist within the next 1-2 weeks. Until then, keep gently active, and stop anything that causes sharp pain."))
   (disposition-def (id self_care) (rank 1)
      (title "SELF-CARE: you can look after this at home")
      (action "look after it at home")
      (advice "You can look after this at home. Back pain of this kind usually eases within a few weeks. Keep moving gently; long bed rest makes it worse.")))

(deffacts notices
   (notice (id not_a_diagnosis)
      (text "This is not a diagnosis. It is general guidance from a rule-based tool and does not replace a doctor, nurse or physiotherapist who can examine you."))
   (notice (id emergency_number)
      (text "Call your emergency number (999 UK, 112 Europe, 911 US) at once if you lose control of your bladder or bowel, go numb around your groin, buttocks or genitals, get numbness or weakness in both legs, a leg becomes weak and is getting weaker, or you have chest pain or faint.")))

(deffacts stretching-technique
   (technique (kind stretch) (heading "For every stretch")
      (text "Warm up first with 5-10 minutes of easy walking. Hold each stretch steadily for 20-30 seconds without bouncing, and breathe slowly throughout. Stretch only to a mild pull, never to pain; stop at once if you feel sharp pain. Do the routine 3-4 times a week.")
      (source "001 (Common Mistakes to Avoid While Stretching; FAQs: how often, how long)")))

(deffacts policy-version
   (policy (version 2) (source "docs/triage-policy.md")))
