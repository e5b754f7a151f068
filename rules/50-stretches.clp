;;; 50-stretches.clp: the stretches, how to do them, and whom they are for.
;;; Every stretch carries the technique of 01-dispositions.clp (001).
;;; Sources: 001 (Types of Hamstring Stretches), 002 (Single Knee to Chest;
;;; Kneeling hip flexor stretch), 003 (Exercises to Help Lower Back Pain).

(deffacts stretches
   (recommendation-def (id standing_hamstring_stretch) (kind stretch) (title "Standing hamstring stretch") (rank 72)
      (how "Stand with one foot a little in front of the other, heel down and toes up. Keeping your back straight, hinge forward at the hips and reach towards the front foot until you feel a pull behind the thigh. Swap legs.")
      (dose "hold 20-30 seconds, 2-3 times each leg")
      (rank-source "001 (Types of Hamstring Stretches): a third hamstring stretch, for variety once the first two are easy")
      (source "001 (Types of Hamstring Stretches)"))
   (recommendation-def (id seated_hamstring_stretch) (kind stretch) (title "Seated hamstring stretch") (rank 60)
      (how "Sit on the floor with one leg straight out and the other bent, its foot against the straight leg's inner thigh. Lean forward from the hips, not the waist, reaching towards the toes of the straight leg. Swap legs.")
      (dose "hold 20-30 seconds, 2-3 times each leg")
      (rank-source "001 (Types of Hamstring Stretches; FAQs: best stretch for back pain): a second hamstring stretch, once the lying one is easy")
      (source "001 (Types of Hamstring Stretches; FAQs: best stretch for back pain)"))
   (recommendation-def (id lying_hamstring_stretch_strap) (kind stretch) (title "Lying hamstring stretch with a strap or towel") (rank 30)
      (how "Lie on your back. Loop a strap or towel around the arch of one foot and, keeping the other leg flat on the floor, raise the looped leg towards the ceiling with the knee straight or slightly bent. Swap legs.")
      (dose "hold 20-30 seconds, 2-3 times each leg")
      (rank-source "001 (FAQs: best stretch for back pain); 002 (How Do You Loosen Tight Muscles In Your Lower Back?): the gentlest hamstring stretch, done lying with the back supported, so the one to start with")
      (source "001 (Types of Hamstring Stretches); 002 (How Do You Loosen Tight Muscles In Your Lower Back?)"))
   (recommendation-def (id dynamic_leg_swings) (kind stretch) (title "Dynamic leg swings") (rank 82)
      (how "Stand tall holding a wall or chair for balance and swing one leg forwards and backwards in a smooth, controlled arc, letting the range grow a little each swing. Swap legs. Good as a warm-up before activity.")
      (dose "10-15 swings each leg")
      (rank-source "001 (Types of Hamstring Stretches); 004 (dynamic stretching before activity): a warm-up before sport or a run rather than a treatment of the pain")
      (source "001 (Types of Hamstring Stretches); 004 (dynamic stretching before activity)"))
   (recommendation-def (id downward_dog) (kind stretch) (title "Downward dog") (rank 84)
      (how "From a plank position on hands and toes, push your hips up and back so your body makes an upside-down V. Keep the legs as straight as is comfortable and let the heels sink towards the floor.")
      (dose "hold 20-30 seconds, 2-3 times")
      (rank-source "001 (Types of Hamstring Stretches): the most demanding hamstring stretch, taking weight on the arms; last of the stretches")
      (source "001 (Types of Hamstring Stretches)"))
   (recommendation-def (id single_knee_to_chest) (kind stretch) (title "Single knee to chest") (rank 32)
      (how "Lie on your back with one knee bent and the other leg straight. Hold behind the bent leg and draw it gently towards your chest until you feel a light stretch in the lower back and buttock. Swap legs.")
      (dose "hold 20-30 seconds, 2-3 times each leg")
      (rank-source "002 (What is the simple stretch to relieve back pain? Single Knee to Chest): the simplest stretch for the lower back itself")
      (source "002 (What is the simple stretch to relieve back pain? Single Knee to Chest)"))
   (recommendation-def (id kneeling_hip_flexor_stretch) (kind stretch) (title "Kneeling hip flexor stretch") (rank 36)
      (how "Kneel on one knee (on a cushion) with the other foot flat in front, that knee bent at a right angle. Keep your back upright and ease your hips forward until you feel a stretch at the front of the hip of the kneeling leg. Swap legs.")
      (dose "hold 30 seconds, 2-5 times each leg")
      (rank-source "002 (How do you loosen tight hips and lower back? Kneeling hip flexor stretch): the stretch that targets tight hip flexors, offered only when they are behind the pain")
      (source "002 (How do you loosen tight hips and lower back? Kneeling hip flexor stretch)"))
   (recommendation-def (id prayer_pose) (kind stretch) (title "Prayer pose (child's pose)") (rank 62)
      (how "Kneel and sit back on your heels, then walk your hands forward along the floor and lower your chest towards your thighs, arms stretched out in front. Helpful first thing in the morning.")
      (dose "hold 15-30 seconds, 5 times")
      (rank-source "003 (Exercises to Help Lower Back Pain: Prayer Pose): a second back stretch, after the cat stretch")
      (source "003 (Exercises to Help Lower Back Pain: Prayer Pose)"))
   (recommendation-def (id knee_to_chest_curls) (kind stretch) (title "Knee-to-chest curls") (rank 64)
      (how "Lie on your back and bring one bent knee up towards your chest, holding the thigh or shin. Hold, then ease it a little closer and hold again before releasing. Swap legs.")
      (dose "hold 15 seconds, ease closer and hold 15 seconds more; 5 times each leg")
      (rank-source "003 (Exercises to Help Lower Back Pain: Knee-to-chest curls): close to the single knee to chest, so later")
      (source "003 (Exercises to Help Lower Back Pain: Knee-to-chest curls)"))
   (recommendation-def (id cat_stretch) (kind stretch) (title "Cat stretch") (rank 34)
      (how "On hands and knees, knees hip-width apart, round your upper back up towards the ceiling while tucking your pelvis under. Then slowly relax and let your stomach sink back down.")
      (dose "hold the rounded position up to 30 seconds, 5 times")
      (rank-source "003 (Exercises to Help Lower Back Pain: The Cat Is Stretching): a gentle stretch that moves the whole back, the one to start with for strained or stiff back muscles")
      (source "003 (Exercises to Help Lower Back Pain: The Cat Is Stretching)")))

(defrule offer-hamstring-stretches
   "Hamstring stretches for tight hamstrings, pelvic tilt or a sciatica pattern. Source: 001 (Types of Hamstring Stretches; FAQs: sciatica)"
   (declare (salience -100))
   (logical (contributor (id ?c&tight_hamstrings|pelvic_tilt|sciatica_pattern)))
   =>
   (assert (recommend (id standing_hamstring_stretch) (because ?c)))
   (assert (recommend (id seated_hamstring_stretch) (because ?c)))
   (assert (recommend (id lying_hamstring_stretch_strap) (because ?c)))
   (assert (recommend (id dynamic_leg_swings) (because ?c)))
   (assert (recommend (id downward_dog) (because ?c))))

(defrule offer-single-knee-to-chest
   "Single knee to chest for lower back pain with tight hamstrings or tight hips. Source: 002 (Single Knee to Chest: hip tightness contributes to lower back pain)"
   (declare (salience -100))
   (logical
      (answer (id pain_location) (value $? lower_back $?))
      (contributor (id ?c&tight_hamstrings|hip_flexor_tightness)))
   =>
   (assert (recommend (id single_knee_to_chest) (because ?c))))

(defrule offer-kneeling-hip-flexor-stretch
   "Kneeling hip flexor stretch for tight hip flexors or muscle imbalance. Source: 002 (Kneeling hip flexor stretch)"
   (declare (salience -100))
   (logical (contributor (id ?c&hip_flexor_tightness|muscle_imbalance)))
   =>
   (assert (recommend (id kneeling_hip_flexor_stretch) (because ?c))))

(defrule offer-back-stretches
   "Prayer pose, knee-to-chest curls and the cat stretch for back muscle strain, a weak core, muscle imbalance or postural strain. Source: 003 (Exercises to Help Lower Back Pain)"
   (declare (salience -100))
   (logical (contributor (id ?c&back_muscle_strain|weak_core|muscle_imbalance|postural_strain)))
   =>
   (assert (recommend (id prayer_pose) (because ?c)))
   (assert (recommend (id knee_to_chest_curls) (because ?c)))
   (assert (recommend (id cat_stretch) (because ?c))))
