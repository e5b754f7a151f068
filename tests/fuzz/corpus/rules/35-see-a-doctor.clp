;;; 35-see-a-doctor.clp: when the documents and NHS advice say to book a doctor
;;; or physiotherapist (disposition soon).

(deffacts see-a-doctor-triggers
   (trigger-def (id severe_pain) (disposition soon) (kind threshold)
      (says "pain of 7 out of 10 or more should be assessed rather than only treated at home")
      (safety-net "the pain reaches 7 out of 10 or more")
      (source "003 (When should we go to the doctor: more severe pain); NHS back pain advice"))
   (trigger-def (id home_care_failed) (disposition soon) (kind threshold)
      (says "home remedies have been tried for some days without relief")
      (safety-net "a few days of rest, heat and gentle stretching bring no relief")
      (source "003 (When should we go to the doctor: home remedies don't help)"))
   (trigger-def (id persistent_pain) (disposition soon) (kind threshold)
      (says "pain that has lasted 3 weeks or more should be checked")
      (safety-net "the pain lasts 3 weeks or more")
      (source "003 (stiffness that doesn't go away); NHS back pain advice (not better after a few weeks)"))
   (trigger-def (id affects_daily_life) (disposition soon) (kind threshold)
      (says "the pain is affecting daily life")
      (safety-net "the pain stops you doing your usual daily activities")
      (source "003 (when tension pain starts to affect daily life)"))
   (trigger-def (id neurological_condition) (disposition soon) (kind threshold)
      (says "a condition of the nerves such as multiple sclerosis can cause tight muscles and should be discussed with a doctor")
      (source "000 (Medical Conditions)"))
   (trigger-def (id stretch_pain) (disposition soon) (kind threshold)
      (says "sharp pain when stretching means stretching should stop until a professional has looked at it")
      (safety-net "you feel sharp pain when you stretch")
      (source "001 (Ignoring Pain: if the pain persists, consult a healthcare professional)"))
   (trigger-def (id sciatica_persistent) (disposition soon) (kind threshold)
      (says "pain down the leg with numbness or tingling, or lasting 4 weeks or more, should be assessed")
      (safety-net "pain down your leg comes with numbness or tingling, or lasts 4 weeks or more")
      (source "000 (sciatica); 002 (herniated disc and sciatica); NICE NG59"))
   (trigger-def (id hip_flexor_strain) (disposition soon) (kind threshold)
      (says "sudden hip or groin pain after an injury suggests a hip flexor strain")
      (safety-net "sudden sharp pain in the hip or groin follows a fall or injury")
      (source "002 (What are the symptoms of tight hip flexors? hip flexor strain)")))

(defrule threshold-severe-pain
   "Pain of 7/10 or more: see a doctor or physiotherapist soon. Source: 003 (When should we go to the doctor); NHS back pain advice"
   (declare (salience 500))
   (logical (answer (id pain_severity) (value ?p&:(>= ?p 7))))
   =>
   (assert (trigger (id severe_pain))))

(defrule threshold-home-care-failed
   "Home care tried without relief: see a doctor or physiotherapist soon. Source: 003 (When should we go to the doctor)"
   (declare (salience 500))
   (logical (answer (id home_care_failed) (value yes)))
   =>
   (assert (trigger (id home_care_failed))))

(defrule threshold-persistent-pain
   "Pain lasting 21 days or more: see a doctor or physiotherapist soon. Source: 003 (back pain that does not go away); NHS back pain advice"
   (declare (salience 500))
   (logical (answer (id pain_duration_days) (value ?d&:(>= ?d 21))))
   =>
   (assert (trigger (id persistent_pain))))

(defrule threshold-affects-daily-life
   "Pain that affects daily life: see a doctor or physiotherapist soon. Source: 003 (When should we go to the doctor)"
   (declare (salience 500))
   (logical (answer (id affects_daily_life) (value yes)))
   =>
   (assert (trigger (id affects_daily_life))))

(defrule threshold-neurological-condition
   "A neurological condition such as multiple sclerosis: discuss with a doctor soon. Source: 000 (Medical Conditions)"
   (declare (salience 500))
   (logical (answer (id neurological_condition) (value yes)))
   =>
   (assert (trigger (id neurological_condition))))

(defrule threshold-stretch-pain
   "Sharp pain when stretching: stop and see a professional soon. Source: 001 (Common Mistakes: Ignoring Pain)"
   (declare (salience 500))
   (logical (answer (id sharp_pain_when_stretching) (value yes)))
   =>
   (assert (trigger (id stretch_pain))))

(defrule threshold-sciatica-numbness
   "A sciatica pattern with numbness or tingling in the leg: see a doctor soon. Source: 000 (sciatica); 002 (herniated disc); NICE NG59"
   (declare (salience 500))
   (logical
      (contributor (id sciatica_pattern))
      (answer (id leg_numbness) (value yes)))
   =>
   (assert (trigger (id sciatica_persistent))))

(defrule threshold-sciatica-four-weeks
   "A sciatica pattern lasting 28 days or more: see a doctor soon. Source: 000 (sciatica); NICE NG59"
   (declare (salience 500))
   (logical
      (contributor (id sciatica_pattern))
      (answer (id pain_duration_days) (value ?d&:(>= ?d 28))))
   =>
   (assert (trigger (id sciatica_persistent))))

(defrule threshold-hip-flexor-strain
   "Sudden hip or groin pain after an injury suggests a hip flexor strain: see a doctor or physiotherapist soon. Source: 002 (symptoms of hip flexor strain)"
   (declare (salience 500))
   (logical
      (answer (id pain_onset) (value sudden))
      (answer (id recent_trauma) (value yes))
      (answer (id pain_location) (value $? hip|groin $?)))
   =>
   (assert (trigger (id hip_flexor_strain))))
