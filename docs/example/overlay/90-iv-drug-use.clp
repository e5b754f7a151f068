;;; 90-iv-drug-use.clp: the worked example of docs/RULES.md, an overlay that
;;; adds one red flag: back pain in someone who injects drugs may be a spinal
;;; infection. Source: NICE CKS red flags (spinal infection: intravenous drug
;;; use).

(deffacts iv-drug-use-question
   (question (id iv_drug_use) (type yesno) (red-flag yes) (if-unknown not-known) (priority 82)
      (prompt "Have you ever injected drugs?")
      (help "Injecting drugs raises the risk of an infection in the spine, which needs a doctor the same day.")
      (source "NICE CKS red flags: spinal infection (intravenous drug use)")))

(deffacts iv-drug-use-trigger
   (trigger-def (id spinal_infection_risk) (disposition urgent) (kind red-flag)
      (says "back pain in someone who injects drugs can be an infection in the spine")
      (safety-net "you have ever injected drugs")
      (source "NICE CKS red flags: spinal infection (intravenous drug use)")))

(defrule red-flag-iv-drug-use
   "Back pain with a history of injecting drugs may be a spinal infection: see a doctor today. Source: NICE CKS red flags (spinal infection: intravenous drug use)"
   (declare (salience 1000))
   (logical (answer (id iv_drug_use) (value yes)))
   =>
   (assert (trigger (id spinal_infection_risk))))
