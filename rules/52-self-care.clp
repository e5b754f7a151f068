;;; 52-self-care.clp: self-care advice that is neither a stretch nor an exercise.
;;; Sources: 001 (Tips for Relieving Lower Back Pain), 002 (How do you fix a
;;; tight back?; How should I sleep?), 003 (Physiotherapy at home; Over-the-
;;; counter relief), 004 (Deep Tissue Massage; Complementary Strategies).

(deffacts self-care
   (recommendation-def (id heat_or_cold) (kind advice) (title "Heat or cold") (rank 20)
      (how "For tight, stiff muscles use warmth: a hot water bottle, heat pad or warm bath. In the first days after an injury use cold instead: an ice pack wrapped in a cloth. Never put ice or a hot pad straight on the skin.")
      (dose "15-20 minutes at a time, a few times a day")
      (rank-source "NHS back pain (self-help: heat packs, keep moving); 001 (Apply Heat or Cold): simple, safe relief that helps you keep moving, so it comes straight after staying active")
      (source "001 (Apply Heat or Cold); 002 (Heat; Ice); 003 (Heat/cold therapy)"))
   (recommendation-def (id posture_and_ergonomics) (kind advice) (title "Posture and workstation") (rank 50)
      (how "Sit and stand with a neutral spine, shoulders back and relaxed, without slumping over the desk. Set your chair and screen so you can sit upright with support for your lower back, and get up and move every 30-45 minutes.")
      (rank-source "001 (Practice Good Posture); 002 (Don't slump over your desk): a lasting change for postural strain, after what eases the pain now")
      (source "001 (Practice Good Posture); 002 (Straighten up; Don't slump over your desk)"))
   (recommendation-def (id sleep_position) (kind advice) (title "Sleep position") (rank 66)
      (how "Sleep on a supportive mattress. On your side, put a pillow between your knees; on your back, put a pillow under your knees to keep the spine neutral.")
      (rank-source "001 (Get a Good Night's Sleep); 002 (How should I sleep to relieve lower back pain?): helpful, but secondary to activity and stretching")
      (source "001 (Get a Good Night's Sleep); 002 (How should I sleep to relieve lower back pain?)"))
   (recommendation-def (id deep_tissue_massage) (kind advice) (title "Deep tissue massage for the hamstrings") (rank 90)
      (how "A qualified massage therapist works slowly and firmly into the tight hamstrings to release knots and adhesions. Tell them where it is tight and say if the pressure is too much. Some soreness for a day or two afterwards is normal; drink plenty of water.")
      (dose "a few sessions are usually needed")
      (rank-source "004 (Is Deep Tissue Massage Right for You?): needs a qualified therapist and a few paid sessions; an option once the home plan is under way")
      (source "004 (Deep Tissue Massage for Tight Hamstrings)"))
   (recommendation-def (id stress_reduction) (kind advice) (title "Stress reduction") (rank 52)
      (how "Set aside time each day for something that calms you: slow breathing, mindfulness, gentle yoga or a walk. Stress makes muscles tense up, especially in the mid and upper back.")
      (dose "10-15 minutes a day")
      (rank-source "002 (Relaxation techniques; Can your back hurt from stress?); 004 (Mindfulness and Stress Reduction): offered only when stress explains mid or upper back pain")
      (source "002 (Relaxation techniques; Can your back hurt from stress?); 004 (Mindfulness and Stress Reduction)"))
   (recommendation-def (id weight_management) (kind advice) (title "Healthy weight") (rank 76)
      (how "A balanced diet and regular activity to reach a healthier weight reduce the load on your lower back. Your doctor or practice nurse can help you plan it.")
      (rank-source "001 (Maintain a Healthy Weight): a long-term change, worth making but not what eases the pain now")
      (source "001 (Maintain a Healthy Weight)"))
   (recommendation-def (id hydration) (kind advice) (title "Drink enough water") (rank 78)
      (how "Drink water regularly through the day, more when active or when it is hot. Muscles that are short of water tighten and cramp more easily.")
      (rank-source "003 (dehydrated muscles); 004 (Proper Hydration and Nutrition): a general habit, supporting the rest")
      (source "003 (dehydrated muscles); 004 (Proper Hydration and Nutrition)"))
   (recommendation-def (id otc_pain_relief) (kind advice) (title "Pain relief from a pharmacy") (rank 45)
      (how "If it is suitable for you, an anti-inflammatory painkiller such as ibuprofen (tablets, or a gel rubbed on) can ease the pain so that you can keep moving. Take the lowest dose that helps, for the shortest time. Ask a pharmacist first, especially if you take other medicines, are pregnant or breastfeeding, are over 65, or have had a stomach ulcer or bleeding, or have kidney, liver or heart problems or asthma. Paracetamol on its own is not recommended for back pain.")
      (dose "the lowest dose that helps, as the label says, for a few days at a time")
      (rank-source "NICE NG59 (pharmacological management: an anti-inflammatory at the lowest dose for the shortest time, alongside keeping active, not on its own); NHS back pain")
      (source "NICE NG59 (pharmacological management: oral NSAIDs at the lowest effective dose for the shortest time, with their risks taken into account; do not offer paracetamol alone); NHS back pain (self-help: anti-inflammatory painkillers such as ibuprofen); 002 (Pain medication); 003 (Over-the-counter relief: Ibuprofen, naproxen and paracetamol)")))

(defrule finding-back-pain
   "Pain in the lower, mid or upper back counts as back pain for general advice. Source: docs/triage-policy.md (Recommendations: any back pain)"
   (logical (answer (id pain_location) (value $? lower_back|mid_back|upper_back $?)))
   =>
   (assert (finding (id back_pain) (cf 1.0))))

(defrule offer-heat-or-cold
   "Heat for tight muscles, cold for a recent injury, for any back pain. Source: 001 (Apply Heat or Cold); 002 (Heat; Ice); 003 (Heat/cold therapy)"
   (declare (salience -100))
   (logical (finding (id back_pain)))
   =>
   (assert (recommend (id heat_or_cold) (because back_pain))))

(defrule offer-posture-and-ergonomics
   "Posture and workstation advice for postural strain. Source: 001 (Practice Good Posture); 002 (Don't slump over your desk)"
   (declare (salience -100))
   (logical (contributor (id postural_strain)))
   =>
   (assert (recommend (id posture_and_ergonomics) (because postural_strain))))

(defrule offer-sleep-position-sleep
   "Sleep position advice for poor sleep or a poor mattress. Source: 001 (Get a Good Night's Sleep)"
   (declare (salience -100))
   (logical (answer (id poor_sleep_or_mattress) (value yes)))
   =>
   (assert (recommend (id sleep_position) (because poor_sleep_or_mattress))))

(defrule offer-sleep-position-back-pain
   "Sleep position advice for any back pain. Source: 002 (How should I sleep to relieve lower back pain?)"
   (declare (salience -100))
   (logical (finding (id back_pain)))
   =>
   (assert (recommend (id sleep_position) (because back_pain))))

(defrule offer-deep-tissue-massage-back-pain
   "Deep tissue massage for tight hamstrings with lower back pain. Source: 004 (Is Deep Tissue Massage Right for You?)"
   (declare (salience -100))
   (logical
      (contributor (id tight_hamstrings))
      (answer (id pain_location) (value $? lower_back $?)))
   =>
   (assert (recommend (id deep_tissue_massage) (because tight_hamstrings))))

(defrule offer-deep-tissue-massage-lasting
   "Deep tissue massage for tight hamstrings with pain that has lasted 14 days or more. Source: 004 (chronic hamstring tightness)"
   (declare (salience -100))
   (logical
      (contributor (id tight_hamstrings))
      (answer (id pain_duration_days) (value ?d&:(>= ?d 14))))
   =>
   (assert (recommend (id deep_tissue_massage) (because tight_hamstrings))))

(defrule offer-stress-reduction
   "Stress reduction for stress tension. Source: 002 (Relaxation techniques); 004 (Mindfulness and Stress Reduction)"
   (declare (salience -100))
   (logical (contributor (id stress_tension)))
   =>
   (assert (recommend (id stress_reduction) (because stress_tension))))

(defrule offer-weight-management
   "Weight management for excess weight. Source: 001 (Maintain a Healthy Weight)"
   (declare (salience -100))
   (logical (contributor (id excess_weight)))
   =>
   (assert (recommend (id weight_management) (because excess_weight))))

(defrule offer-hydration-dehydration
   "Hydration for someone who drinks too little. Source: 003 (dehydration); 004 (Proper Hydration)"
   (declare (salience -100))
   (logical (answer (id dehydration) (value yes)))
   =>
   (assert (recommend (id hydration) (because dehydration))))

(defrule offer-hydration-strain
   "Hydration for back muscle strain, unless the person has said they drink enough. Source: 003 (When muscles are dehydrated, overworked...)"
   (declare (salience -100))
   (logical
      (contributor (id back_muscle_strain))
      (not (answer (id dehydration) (value no))))
   =>
   (assert (recommend (id hydration) (because back_muscle_strain))))

(defrule offer-otc-pain-relief
   "Pharmacy pain relief (an anti-inflammatory, if suitable; not paracetamol alone) for adults (16 or over) with back pain; withheld above soon by plan_deferred. Source: NICE NG59 (pharmacological management); NHS back pain; 002 (Pain medication); 003 (Ibuprofen, naproxen and paracetamol)"
   (declare (salience -100))
   (logical
      (finding (id back_pain))
      (answer (id age) (value ?a&:(>= ?a 16))))
   =>
   (assert (recommend (id otc_pain_relief) (because back_pain))))
