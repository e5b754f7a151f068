;;; 15-words.clp: the words people type, for the one answer parser of every
;;; front end. Replies are lower-cased, curly apostrophes made plain and
;;; trailing punctuation dropped before they are matched; a phrase matches the
;;; whole reply or its beginning. A clinician adds a synonym here without
;;; touching C.
;;;
;;; answer-words: what a reply means on a yes/no question. A hedged yes ("I
;;; think so") is taken as yes, and said so. A hedged no ("not really", "I don't
;;; think so") is taken as no on an ordinary question, but as NOT SURE on a
;;; red-flag question, which is then asked once more: a danger sign is not ruled
;;; out by a maybe (NHS Pathways practice, docs/triage-policy.md, unknown
;;; answers). So a phrase that only half denies belongs under hedged-no, never
;;; under no. A reply that says both yes and no is asked again.
;;; none: "none of these" for a checklist.
;;;
;;; Around any answer: a hedge ("i think") leaves a choice standing but is
;;; said ("Taken as yes: 2."); after a leading no on a red-flag question it
;;; makes the reply not sure ("no i suppose"), as does a not-sure word. An
;;; aside ("as well", "mostly") leaves the answer as it is and is not said. A
;;; side ("left") is ignored in a place. Filler ("my", "the") is dropped from
;;; the start of a choice or place before it is matched.
;;; value-words: for every value of every choice and list question, the label
;;; shown (unique within its question) and other words people use for it.
;;; Leading filler (answer-words filler: "my", "the", "a", "in", ...) is dropped
;;; from a reply before it is matched, so these words are written without it
;;; ("bum", not "my bum"). A bare "back" is deliberately given no meaning: it could be
;;; the lower, middle or upper back, and the upper and middle back are red-flag
;;; places, so it has to be asked again.

(deffacts answer-words
   (answer-words (means yes)
      (words "yes" "y" "ye" "yeah" "yea" "yeh" "yah" "ya" "yep" "yup" "aye" "uh huh" "mhm"
             "sure" "definitely" "definitely yes" "certainly" "absolutely" "of course" "indeed"
             "correct" "that's correct" "that is correct" "that's right" "that is right" "true"
             "affirmative" "it is" "it does" "it has" "it did" "i do" "i have" "i am" "i did" "i was"
             "i've had" "ive had" "i have had" "i had" "i've got" "ive got" "i have got"
             "always" "often" "very often" "all the time" "constantly" "every day" "daily"
             "a lot" "lots" "very much" "quite a lot" "quite a bit" "loads"))
   (answer-words (means no)
      (words "no" "n" "nope" "nah" "naw" "no way" "noo" "nooo" "never" "never had" "not at all"
             "not ever" "none" "none at all" "nothing" "nothing at all" "definitely not"
             "certainly not" "absolutely not" "of course not" "negative" "false" "not me"
             "i don't" "i dont" "i do not" "i haven't" "i havent" "i have not" "i have never"
             "i've never" "ive never" "i've not" "ive not" "i'm not" "im not" "i am not"
             "i didn't" "i didnt" "i did not" "i wasn't" "i wasnt" "i was not" "i don't have"
             "i dont have" "i do not have" "i haven't had" "i have not had" "it isn't" "it is not"
             "it doesn't" "it does not" "it hasn't" "it has not" "it didn't" "it did not"
             "no never" "no none" "not once"))
   (answer-words (means unknown)
      (words "not sure" "unsure" "not certain" "uncertain" "i'm not sure" "im not sure"
             "i am not sure" "not really sure" "not too sure" "still not sure" "not sure yet"
             "maybe" "perhaps" "possibly" "could be" "might be" "may be" "it might" "it may"
             "don't know" "dont know" "do not know" "i don't know" "i dont know" "i do not know"
             "idk" "dunno" "i dunno" "no idea" "no clue" "not a clue" "can't tell" "cant tell"
             "cannot tell" "can not tell" "hard to tell" "hard to say" "difficult to say"
             "can't say" "cant say" "cannot say" "can't remember" "cant remember"
             "cannot remember" "don't remember" "dont remember" "do not remember"
             "i can't remember" "i don't remember" "not sure about that" "who knows"
             "unknown" "u" "?" "??" "dk" "ns"))
   (answer-words (means hedged-yes)
      (words "i think so" "think so" "i believe so" "believe so" "i guess so" "guess so"
             "i suppose so" "suppose so"
             "i'd say so" "id say so" "i would say so" "seems so" "it seems so" "it seems like it"
             "probably" "probably yes" "probably yeah" "likely" "most likely" "very likely"
             "a little" "a little bit" "a bit" "a tiny bit" "bit" "slightly" "somewhat" "mildly"
             "kind of" "kinda" "sort of" "sorta" "more or less" "mostly" "partly" "in a way"
             "sometimes" "some days" "at times" "occasionally" "now and then" "now and again"
             "every now and then" "every so often" "on and off" "off and on" "from time to time"
             "a few times" "once or twice" "once" "yes a little" "yes a bit" "yes sometimes"
             "yes i think so" "yeah i think so" "yes probably" "yeah probably"))
   (answer-words (means hedged-no)
      (words "not really" "no not really" "no, not really" "nope not really" "nah not really"
             "not that i know of" "no not that i know of" "no, not that i know of"
             "not that i've noticed" "not that i have noticed" "not that i noticed"
             "no not that i've noticed" "no, not that i've noticed" "not that i'm aware of"
             "not that im aware of" "not that i am aware of" "not that i can tell"
             "not as far as i know" "not as far as i can tell" "not to my knowledge"
             "i don't think so" "i dont think so" "i do not think so" "don't think so"
             "dont think so" "no i don't think so" "no, i don't think so" "no i dont think so"
             "no, i dont think so" "i don't believe so" "i dont believe so" "i don't think i have"
             "i dont think i have" "i don't think it is" "i don't think it does"
             "i haven't noticed" "i havent noticed" "i have not noticed" "haven't noticed"
             "havent noticed" "not noticed" "not that i can remember" "not that i remember"
             "probably not" "likely not" "most likely not" "unlikely" "i doubt it" "doubt it"
             "i think not" "i believe not" "i guess not" "i suppose not" "i hope not" "maybe not"
             "perhaps not" "mostly not" "usually not"
             "i wouldn't say so" "i wouldnt say so" "i would not say so" "wouldn't say so"
             "not much" "not very" "not very much" "not especially" "not particularly"
             "not exactly" "not quite" "not as such" "not so much"
             "hardly" "hardly ever" "barely" "rarely" "seldom" "not often" "not usually"))
   (answer-words (means none)
      (words "none" "none of them" "none of these" "none of those" "none of the above"
             "none apply" "none of them apply" "none of these apply" "no none" "no, none"
             "nope none" "no to all" "no to all of them" "no to all of these" "all no" "no to each"
             "nothing" "nothing at all" "nothing like that" "nothing applies" "nothing of the sort"
             "neither" "neither of them" "neither of those" "not any" "not any of them"
             "not any of these" "no nothing" "none at all" "not at all" "no not at all"
             "no, not at all" "no none of them" "no, none of them" "no none of those"
             "no, none of those" "no none of these" "no, none of these" "nah none" "nah, none"
             "nah none of them" "nah none of those" "nope none of them" "nope none of those"
             "none of those things" "none of that" "0" "zero"))
   (answer-words (means all)
      (words "all" "all of them" "all of these" "all of those" "all of the above" "both"
             "both of them" "every one" "each of them" "everything" "all apply" "yes to all"
             "yes all"))
   (answer-words (means hedge)
      (words "i think" "i guess" "i suppose" "i reckon" "probably" "kind of" "kinda" "sort of"
             "sorta" "i believe"))
   (answer-words (means aside)
      (words "really" "tbh" "honestly" "actually" "as well" "too" "also" "mostly" "mainly"
             "only" "sometimes" "a bit" "a little" "slightly"))
   (answer-words (means side)
      (words "left" "right" "left-hand" "right-hand"))
   (answer-words (means filler)
      (words "in" "my" "the" "at" "on" "around" "both" "an" "a" "its" "it's" "i'm" "i am" "it"
             "is" "came on" "started" "came" "very" "quite" "really" "pretty" "fairly" "just"
             "mostly" "mainly" "only" "down" "into")))

;; ---- choices and places ----------------------------------------------------

(deffacts value-words-pain-onset
   (value-words (question pain_onset) (value sudden) (label "suddenly")
      (words "sudden" "suddenly" "sudden onset" "all of a sudden" "very suddenly" "quite suddenly" "once"
             "all at once" "out of nowhere" "out of the blue" "one go" "instant" "instantly"
             "immediately" "straight away" "right away" "quickly" "fast" "abruptly" "moment"
             "from one moment to the next" "with a twinge" "with a snap" "when i lifted something"
             "while lifting" "lifting" "just went" "back went" "back gave way" "back just went"))
   (value-words (question pain_onset) (value gradual) (label "gradually")
      (words "gradual" "gradually" "gradual onset" "slowly" "slow" "very slowly" "quite gradually" "over time"
             "bit by bit" "little by little" "crept up" "crept up on me" "built up" "build up" "built up slowly" "over days" "over a few days"
             "over several days" "over weeks" "over a few weeks" "over months" "steadily"
             "got worse slowly" "slowly got worse" "got gradually worse" "gradually got worse")))

(deffacts value-words-pain-location
   (value-words (question pain_location) (value lower_back) (label "lower back")
      (words "lower back" "low back" "lower-back" "lowerback" "lumbar" "lumbar spine"
             "lower spine" "small of my back" "small of the back" "bottom of my back"
             "bottom of the back" "base of my spine" "base of the spine" "lower part of my back"
             "lower part of the back" "lower back pain" "low back pain" "lbp" "lower"
             "tailbone" "tail bone" "coccyx" "sacrum" "sacral"))
   (value-words (question pain_location) (value mid_back) (label "middle of the back (below the shoulder blades)")
      (words "mid back" "mid-back" "midback" "middle back" "middle of my back"
             "middle of the back" "mid spine" "middle of my spine" "below the shoulder blades"
             "below my shoulder blades" "under the shoulder blades" "under my shoulder blades"
             "thoracic" "thoracic spine" "mid"))
   (value-words (question pain_location) (value upper_back) (label "upper back (between the shoulder blades)")
      (words "upper back" "upper-back" "top of my back" "top of the back" "upper spine"
             "between the shoulder blades" "between my shoulder blades" "between the shoulders"
             "between my shoulders" "shoulder blades" "shoulder blade" "upper"))
   (value-words (question pain_location) (value buttock) (label "buttock")
      (words "buttock" "buttocks" "bum" "bottom" "butt" "behind" "backside" "glute" "glutes" "seat"
             "bum cheek" "cheek of my bum"))
   (value-words (question pain_location) (value hip) (label "hip")
      (words "hip" "hips" "side of my hip" "side of the hip" "hip joint" "outer hip"
             "front of my hip" "front of the hip"))
   (value-words (question pain_location) (value groin) (label "groin")
      (words "groin" "groin area" "crotch"))
   (value-words (question pain_location) (value back_of_thigh) (label "the back of the thigh")
      (words "back of thigh" "back of the thigh" "back of my thigh" "back of the thighs"
             "back of thighs" "backs of thighs"
             "back of my thighs" "back of my leg" "back of the leg" "back of my legs"
             "back of the legs" "backs of my thighs" "backs of the thighs" "backs of my legs"
             "backs of the legs" "behind my thigh" "behind the thigh" "hamstring" "hamstrings"
             "rear of the thigh"))
   (value-words (question pain_location) (value front_of_thigh) (label "the front of the thigh")
      (words "front of thigh" "front of the thigh" "front of my thigh" "front of the thighs"
             "front of my thighs" "quad" "quads" "quadriceps" "thigh front"))
   (value-words (question pain_location) (value knee) (label "knee")
      (words "knee" "knees" "kneecap" "knee cap" "behind the knee" "behind my knee"
             "back of the knee" "back of my knee"))
   (value-words (question pain_location) (value below_knee) (label "below the knee (calf, shin, ankle or foot)")
      (words "below knee" "below the knee" "below my knee" "under the knee" "lower leg"
             "lower legs" "calf" "calves" "shin" "shins" "ankle" "ankles" "foot" "feet" "toe"
             "toes" "heel" "heels" "sole" "sole of my foot" "down to my foot" "into my foot"
             "down to the foot" "down to my toes")))

(deffacts value-words-sex
   (value-words (question sex) (value female) (label "female")
      (words "female" "f" "woman" "women" "girl" "lady" "feminine"))
   (value-words (question sex) (value male) (label "male")
      (words "male" "m" "man" "men" "boy" "guy" "gentleman" "masculine"))
   (value-words (question sex) (value other) (label "other")
      (words "other" "something else" "non-binary" "nonbinary" "non binary" "intersex"
             "prefer not to say" "rather not say" "i'd rather not say")))
