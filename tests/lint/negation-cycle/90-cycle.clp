;;; Two findings, each concluded when the other is absent: which one holds
;;; would depend on which rule fires first.
(defrule fatigue-unless-strain "Fatigue unless strain is found. Source: test"
   (logical (answer (id morning_stiffness) (value yes))
            (not (finding (id test_strain))))
   =>
   (assert (finding (id test_fatigue) (cf 0.5))))

(defrule strain-unless-fatigue "Strain unless fatigue is found. Source: test"
   (logical (answer (id morning_stiffness) (value yes))
            (not (finding (id test_fatigue))))
   =>
   (assert (finding (id test_strain) (cf 0.5))))
