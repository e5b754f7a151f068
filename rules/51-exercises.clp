;;; 51-exercises.clp: strengthening exercises, walking and foam rolling.
;;; Sources: 001 (Stretch and Strengthen Your Core; Stay Active), 002 (Is
;;; walking good for lower back pain?), 003 (Exercises to Help Lower Back
;;; Pain), 004 (Foam Rolling; Strengthening Exercises), 000 (foam rolling).

(deffacts exercises
   (recommendation-def (id pelvic_thrust) (kind exercise) (title "Pelvic thrust (bridge)") (rank 55)
      (how "Lie on your back with knees bent and feet flat. Tighten your stomach and buttocks and lift your hips until your body is straight from knees to shoulders, then lower slowly.")
      (dose "hold up to 30 seconds or until the muscles tire; 5 times")
      (rank-source "003 (Exercises to Help Lower Back Pain: Pelvic Thrust): a strengthening exercise, much like the bridges of core strengthening, so after it")
      (source "003 (Exercises to Help Lower Back Pain: Pelvic Thrust)"))
   (recommendation-def (id lateral_leg_raise) (kind exercise) (title "Lateral leg raise") (rank 70)
      (how "Lie on your side, legs straight and together. Lift the top leg a short way, keeping it straight and in line with your body, pause, and lower it slowly. Turn over and repeat.")
      (dose "pause 1-2 seconds at the top; 10 lifts, 3 sets each side")
      (rank-source "003 (Exercises to Help Lower Back Pain: Lateral leg raise): strengthens the hips; later in the plan")
      (source "003 (Exercises to Help Lower Back Pain: Lateral leg raise)"))
   (recommendation-def (id superman) (kind exercise) (title "Superman") (rank 68)
      (how "Lie face down, arms stretched out in front. Keeping your head in line and your eyes on the floor, lift your arms and legs a few centimetres (up to 15-25 cm) off the floor, then lower them.")
      (dose "hold 10-15 seconds; 10 times, twice a day")
      (rank-source "003 (Exercises to Help Lower Back Pain: Superman): a harder back-strengthening exercise, once the easier ones are done comfortably")
      (source "003 (Exercises to Help Lower Back Pain: Superman)"))
   (recommendation-def (id core_strengthening) (kind exercise) (title "Core strengthening: planks and bridges") (rank 40)
      (how "Planks: hold your body straight on forearms and toes (or knees), stomach tight, without letting the hips sag. Bridges: lie on your back, knees bent, and lift the hips until your body is straight from knees to shoulders.")
      (dose "planks 10-30 seconds; bridges 10 times; 3-4 days a week, building up slowly")
      (rank-source "NICE NG59 (exercise); 001 (Stretch and Strengthen Your Core); 004 (Strengthening Exercises): strengthening comes after the first gentle stretches")
      (source "001 (Stretch and Strengthen Your Core); 004 (Strengthening Exercises)"))
   ;; walking is kept active (kind advice), not an exercise a pause on stretching
   ;; and exercise withholds: staying active is what helps most (NICE NG59)
   (recommendation-def (id walking) (kind advice) (title "Walking") (rank 10)
      (how "Take short, regular walks at a comfortable pace on level ground and build up the distance day by day. Avoid staying in one position for long.")
      (dose "10-30 minutes, most days")
      (rank-source "NICE NG59 (self-management: keep active and carry on with normal activities; exercise as the first step); 002 (Is walking good for lower back pain?); 001 (Stay Active and Move Regularly): first, as staying active is what helps most")
      (source "002 (Is walking good for lower back pain?); 001 (Stay Active and Move Regularly)"))
   (recommendation-def (id foam_rolling) (kind exercise) (title "Foam rolling the hamstrings") (rank 80)
      (how "Sit with a foam roller under the back of one thigh, hands on the floor behind you. Roll slowly from just above the knee to just below the buttock, pausing on tight spots. Keep it firm but not painful.")
      (dose "1-2 minutes each leg")
      (rank-source "000 (People Also Ask: foam rolling); 004 (Foam Rolling/Self-Myofascial Release): needs a foam roller; an extra once the stretches are routine")
      (source "000 (People Also Ask: foam rolling); 004 (Foam Rolling/Self-Myofascial Release)")))

(defrule offer-strengthening-exercises
   "Pelvic thrusts, lateral leg raises and the superman for back muscle strain, a weak core, muscle imbalance or postural strain. Source: 003 (Exercises to Help Lower Back Pain)"
   (declare (salience -100))
   (logical (contributor (id ?c&back_muscle_strain|weak_core|muscle_imbalance|postural_strain)))
   =>
   (assert (recommend (id pelvic_thrust) (because ?c)))
   (assert (recommend (id lateral_leg_raise) (because ?c)))
   (assert (recommend (id superman) (because ?c))))

(defrule offer-core-strengthening
   "Planks and bridges for a weak core, muscle imbalance or pelvic tilt. Source: 001 (Stretch and Strengthen Your Core); 004 (Strengthening Exercises)"
   (declare (salience -100))
   (logical (contributor (id ?c&weak_core|muscle_imbalance|pelvic_tilt)))
   =>
   (assert (recommend (id core_strengthening) (because ?c))))

(defrule offer-walking
   "Walking for lower back pain (withheld above soon by the plan_deferred caution). Source: 002 (Is walking good for lower back pain?)"
   (declare (salience -100))
   (logical (answer (id pain_location) (value $? lower_back $?)))
   =>
   (assert (recommend (id walking) (because lower_back_pain))))

(defrule offer-foam-rolling
   "Foam rolling for tight hamstrings. Source: 000 (People Also Ask: foam rolling); 004 (Foam Rolling)"
   (declare (salience -100))
   (logical (contributor (id tight_hamstrings)))
   =>
   (assert (recommend (id foam_rolling) (because tight_hamstrings))))
