;;; 16-checklists.clp: related yes/no questions asked as one short checklist
;;; ("Do any of these apply to you?"; the shell adds how to answer). The shell
;;; shows the items by their labels (10-questions.clp), in the order given here;
;;; a checklist is asked where its first item would be, with those of its items
;;; still to be asked (when two or more are). Items not chosen are answered no;
;;; "none" must be said; a not-sure item is asked on its own. A chosen item
;;; that has a follow-up (a weak leg: is it getting worse? an injury: was it a
;;; serious accident?) has it asked next.
;;; At most six items a checklist, and the items of one checklist are of one
;;; urgency: the questions that can make it an emergency on their own (with
;;; their follow-up) form one checklist of emergency items only; the urgent red
;;; flags form their own; the rest (none of which alone makes it more than
;;; soon) are grouped by topic. saddle_numbness and bladder_bowel_change are in
;;; no checklist: they are asked first, one at a time.

(deffacts checklists
   (checklist (id emergency_signs)
      (prompt "Do any of these apply to you?")
      (help "Each of these, with back pain, can need emergency care, so it is asked before anything else.")
      (items both_legs sexual_function_change leg_weakness chest_pain faint_or_clammy recent_trauma)
      (source "NICE CKS red flags: cauda equina syndrome; GIRFT national suspected cauda equina pathway; NICE CKS red flags: progressive neurological deficit; NHS back pain (call 999 with chest pain; call 999 after a serious accident); NHS abdominal aortic aneurysm (signs of a burst aneurysm); NHS Pathways practice (the most serious questions first)"))
   (checklist (id nerve_and_pain_pattern)
      (prompt "Do any of these apply to you?")
      (help "These describe the pain and the nerves of the legs. None of them alone needs a doctor today, but some do together with other answers.")
      (items leg_numbness pain_radiates_down_leg pain_worse_straining morning_stiffness osteoporosis)
      (source "NICE NG59 (sciatica); NICE NG234; NHS back pain (worse when coughing, sneezing or straining); NHS sciatica; NICE NG65 (spondyloarthritis); NICE CKS red flags: fracture"))
   (checklist (id urgent_signs)
      (prompt "Do any of these apply to you?")
      (help "Each of these, with back pain, means a doctor should see you today.")
      (items cancer_history unexplained_weight_loss fever infection_risk night_pain back_deformity)
      (source "NICE CKS red flags: malignancy; NICE CKS red flags: spinal infection; NHS back pain (pain that does not ease with rest or is worse at night; a swelling or a change in the shape of the back)"))
   (checklist (id how_it_is_going)
      (prompt "Do any of these apply to you?")
      (help "The first four are reasons to see a doctor or physiotherapist; the last two help explain the pain.")
      (items affects_daily_life home_care_failed sharp_pain_when_stretching neurological_condition recent_intense_activity dehydration)
      (source "003 (When should we go to the doctor); 001 (Ignoring Pain); 000 (Medical Conditions); 003 (intense physical activity; dehydration)"))
   (checklist (id posture_and_lifestyle)
      (prompt "Do any of these apply to you?")
      (help "These help explain the pain and choose the stretches and exercises that fit.")
      (items hamstring_tightness hip_flexor_tightness poor_posture weak_core overweight poor_sleep_or_mattress)
      (source "000 (What are Tight Hamstrings?; Posture); 001 (Practice Good Posture; Stretch and Strengthen Your Core; Maintain a Healthy Weight; Get a Good Night's Sleep); 002 (Do tight hips cause lower back pain?)"))
   (checklist (id hamstring_causes)
      (prompt "Do any of these apply to you?")
      (help "These are common causes of tight hamstrings, the muscles at the back of the thighs.")
      (items stretches_regularly athlete_or_runner repetitive_strain knee_or_ankle_injury tight_clothing_or_footwear)
      (source "000 (What are Tight Hamstrings?; Lack of Stretching); 004 (athletes and runners)"))
   (checklist (id before_treatments)
      (prompt "Do any of these apply to you?")
      (help "Some treatments, such as deep tissue massage and some painkillers, need advice first with the first three; stress can tighten the muscles of the back.")
      (items pregnant blood_clot_history skin_infection high_stress)
      (source "004 (Is Deep Tissue Massage Right for You?); NHS advice on medicines in pregnancy; 002 (Can your back hurt from stress?)")))
