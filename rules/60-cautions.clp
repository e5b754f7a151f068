;;; 60-cautions.clp: when a recommendation must be withheld, and why.
;;; The engine leaves out of the plan every recommendation a caution in force
;;; withholds (by id, or every one of a kind) and lists the caution instead.

(deffacts cautions
   (caution-def (id massage_contraindicated) (withholds deep_tissue_massage)
      (says "No deep tissue massage without advice first: after a blood clot, with a skin infection or thin bones (osteoporosis), in pregnancy, or after a recent injury, ask a doctor or physiotherapist before having one.")
      (source "004 (Is Deep Tissue Massage Right for You?)"))
   (caution-def (id stretching_paused) (withholds-kinds stretch exercise)
      (says "Stretches and strengthening exercises are left out for now: do none of them until a doctor or physiotherapist has seen you, and never stretch through sharp pain, which can make an injury worse. Gentle walking and everyday activity are still good for you.")
      (source "001 (Common Mistakes: Ignoring Pain); docs/triage-policy.md (Cautions)"))
   (caution-def (id plan_deferred) (withholds-kinds stretch exercise advice)
      (says "No self-care plan is given: this needs a doctor first. Follow the advice above on where to go and how soon.")
      (source "docs/triage-policy.md (Dispositions: emergency and urgent results carry no exercise plan)"))
   (caution-def (id otc_pregnancy) (withholds otc_pain_relief)
      (says "Pharmacy pain relief is left out: in pregnancy, ask a pharmacist, midwife or doctor before taking any painkiller (anti-inflammatories such as ibuprofen are usually not advised).")
      (source "NHS advice on medicines in pregnancy"))
   (caution-def (id pregnancy_positions)
      (withholds lying_hamstring_stretch_strap single_knee_to_chest knee_to_chest_curls
                 pelvic_thrust superman core_strengthening sleep_position)
      (says "Exercises done lying on your back or face down are left out: in pregnancy, lying flat on your back for long, especially after 16 weeks, can make you feel faint, as the bump presses on a large blood vessel. Stretches on all fours, sitting or standing are fine. Sleep on your side, with a pillow between your knees, and ask your midwife which exercises suit you.")
      (source "NHS exercise in pregnancy (lying flat on your back after 16 weeks); NHS back pain in pregnancy"))
   (caution-def (id pregnancy_weight) (withholds weight_management)
      (says "Advice on losing weight is left out: dieting is not advised in pregnancy. Your midwife can advise on healthy eating and weight gain.")
      (source "NHS healthy diet in pregnancy (no dieting in pregnancy)")))

;; Deep tissue massage: one rule a reason. A blood clot or a skin infection
;; counts only when massage would be offered: those two questions are there for
;; massage alone, so they are asked only then, and the caution then fits.
;; Osteoporosis, pregnancy and an injury are asked anyway, and the caution's
;; advice (no deep massage without advice first) holds for them whatever the
;; plan.

(defrule caution-massage-blood-clot
   "Deep tissue massage would be offered, but there has been a blood clot: leave it out. Source: 004 (Is Deep Tissue Massage Right for You?)"
   (declare (salience -50))
   (logical
      (recommend (id deep_tissue_massage))
      (answer (id blood_clot_history) (value yes)))
   =>
   (assert (caution (id massage_contraindicated) (because blood_clot_history))))

(defrule caution-massage-skin-infection
   "Deep tissue massage would be offered, but there is a skin infection on the legs or back: leave it out. Source: 004 (Is Deep Tissue Massage Right for You?)"
   (declare (salience -50))
   (logical
      (recommend (id deep_tissue_massage))
      (answer (id skin_infection) (value yes)))
   =>
   (assert (caution (id massage_contraindicated) (because skin_infection))))

(defrule caution-massage-osteoporosis
   "Osteoporosis or long-term steroids: no deep tissue massage without advice first. Source: 004 (Is Deep Tissue Massage Right for You?)"
   (declare (salience -50))
   (logical (answer (id osteoporosis) (value yes)))
   =>
   (assert (caution (id massage_contraindicated) (because osteoporosis))))

(defrule caution-massage-pregnancy
   "Pregnancy: no deep tissue massage without advice first. Source: 004 (Is Deep Tissue Massage Right for You?)"
   (declare (salience -50))
   (logical (answer (id pregnant) (value yes)))
   =>
   (assert (caution (id massage_contraindicated) (because pregnant))))

(defrule caution-massage-recent-injury
   "Pain after a fall, accident or injury: no deep tissue massage without advice first. Source: 004 (Is Deep Tissue Massage Right for You?)"
   (declare (salience -50))
   (logical (answer (id recent_trauma) (value yes)))
   =>
   (assert (caution (id massage_contraindicated) (because recent_trauma))))

(defrule caution-stretching-sharp-pain
   "Sharp pain when stretching: pause every stretch and exercise. Source: 001 (Common Mistakes: Ignoring Pain)"
   (declare (salience -50))
   (logical (answer (id sharp_pain_when_stretching) (value yes)))
   =>
   (assert (caution (id stretching_paused) (because sharp_pain_when_stretching))))

(defrule caution-stretching-red-flag
   "A trigger leading to urgent or emergency care: pause every stretch and exercise. Source: 001 (Ignoring Pain); docs/triage-policy.md (Cautions)"
   (declare (salience -50))
   (logical
      (trigger (id ?t))
      (trigger-def (id ?t) (disposition urgent|emergency)))
   =>
   (assert (caution (id stretching_paused) (because ?t))))

(defrule caution-plan-deferred
   "A trigger leading to urgent or emergency care: no self-care plan, only what to do now. Source: docs/triage-policy.md (Dispositions)"
   (declare (salience -50))
   (logical
      (trigger (id ?t))
      (trigger-def (id ?t) (disposition urgent|emergency)))
   =>
   (assert (caution (id plan_deferred) (because ?t))))

(defrule caution-otc-pregnancy
   "Pharmacy pain relief would be offered, but the person is pregnant: leave it out until a pharmacist, midwife or doctor has advised. Source: NHS advice on medicines in pregnancy"
   (declare (salience -50))
   (logical
      (recommend (id otc_pain_relief))
      (answer (id pregnant) (value yes)))
   =>
   (assert (caution (id otc_pregnancy) (because pregnant))))

;; Pregnancy: both cautions hold whatever the plan, like the massage one, so
;; that asking about pregnancy late cannot leave an unsafe exercise in it.

(defrule caution-positions-pregnancy
   "Pregnancy: no exercises lying on the back or face down, and sleep on the side. Source: NHS exercise in pregnancy (lying flat on your back after 16 weeks); NHS back pain in pregnancy"
   (declare (salience -50))
   (logical (answer (id pregnant) (value yes)))
   =>
   (assert (caution (id pregnancy_positions) (because pregnant))))

(defrule caution-weight-pregnancy
   "Weight management would be offered, but the person is pregnant: leave it out. Source: NHS healthy diet in pregnancy (no dieting in pregnancy)"
   (declare (salience -50))
   (logical
      (recommend (id weight_management))
      (answer (id pregnant) (value yes)))
   =>
   (assert (caution (id pregnancy_weight) (because pregnant))))
