;;; 00-schema.clp: the templates every other rule file uses.
;;; Loaded first (files load in name order). The engine reads the definition
;;; templates (question, disposition-def, trigger-def, contributor-def,
;;; recommendation-def, caution-def, technique, notice, wording) once after loading, and
;;; the conclusion templates (trigger, contributor, finding, cause, recommend,
;;; caution, assumption) after every case.

;; ---- input -------------------------------------------------------------
(deftemplate answer "One answer. Asserted by the engine (origin given) or by a rule (origin assumed)."
   (slot id (type SYMBOL))
   (multislot value)
   (slot origin (allowed-symbols given assumed)))

;; ---- definitions -------------------------------------------------------
(deftemplate question "A question the person may be asked; the single definition read by the shell and the batch validator."
   (slot id (type SYMBOL))
   (slot prompt (type STRING))
   (slot help (type STRING) (default ""))
   (slot type (allowed-symbols yesno integer choice multi))
   (multislot values (type SYMBOL))
   (slot min (type INTEGER) (default 0))
   (slot max (type INTEGER) (default 0))
   (slot if-unknown (allowed-symbols not-known yes))
   (slot red-flag (allowed-symbols no yes))
   (slot priority (type INTEGER) (default 0))
   (multislot relevant-if (type SYMBOL))
   (multislot asked-if (type SYMBOL INTEGER))
   (multislot worrying (type SYMBOL))
   (slot label (type STRING) (default ""))
   (multislot example (type STRING))
   (slot source (type STRING)))

(deftemplate disposition-def "A disposition, its rank (higher is more urgent), what the person is told to do, and what front ends do once it is reached."
   (slot id (type SYMBOL))
   (slot rank (type INTEGER))
   (slot title (type STRING))
   (slot action (type STRING))
   (slot advice (type STRING))
   (slot plan (allowed-symbols yes no) (default yes))
   (slot interview (allowed-symbols continue raise-only stop) (default continue))
   (slot announce (allowed-symbols yes no) (default no)))

(deftemplate checklist "Related yes/no questions asked as one short checklist; its items are asked together when two or more of them are due."
   (slot id (type SYMBOL))
   (slot prompt (type STRING))
   (slot help (type STRING) (default ""))
   (multislot items (type SYMBOL))
   (slot source (type STRING)))

(deftemplate answer-words "What typed words mean: for a yes/no question yes, no, not sure, a hedged yes (taken as yes and said so) or a hedged no (on a red-flag question taken as not sure); for a checklist none or all of its items; around any answer a hedge (i think: said when taken), an aside that changes nothing (as well), a side (left), or leading filler before a choice (my)."
   (slot means (allowed-symbols yes no unknown hedged-yes hedged-no none all hedge aside side filler))
   (multislot words (type STRING)))

(deftemplate value-words "Other words for a value of a choice or list question: its label as shown, and synonyms people type."
   (slot question (type SYMBOL))
   (slot value (type SYMBOL))
   (slot label (type STRING) (default ""))
   (multislot words (type STRING)))

(deftemplate trigger-def "A trigger, the disposition it leads to, and the plain words of the safety net."
   (slot id (type SYMBOL))
   (slot disposition (type SYMBOL))
   (slot kind (allowed-symbols red-flag threshold))
   (slot says (type STRING))
   (slot safety-net (type STRING) (default ""))
   (multislot net-if (type SYMBOL INTEGER))
   (slot source (type STRING)))

(deftemplate contributor-def "A contributor: what is probably behind the pain."
   (slot id (type SYMBOL))
   (slot name (type STRING))
   (slot says (type STRING))
   (slot source (type STRING)))

(deftemplate recommendation-def "A recommendation and how to do it."
   (slot id (type SYMBOL))
   (slot kind (allowed-symbols stretch exercise advice))
   (slot title (type STRING))
   (slot how (type STRING))
   (slot dose (type STRING) (default ""))
   (slot rank (type INTEGER) (default 50))
   (slot rank-source (type STRING) (default ""))
   (slot source (type STRING)))

(deftemplate caution-def "A caution: which recommendations it withholds (by id, or every one of a kind) and why."
   (slot id (type SYMBOL))
   (multislot withholds (type SYMBOL))
   (multislot withholds-kinds (type SYMBOL))
   (slot says (type STRING))
   (slot source (type STRING)))

(deftemplate technique "Text carried by every recommendation of a kind, and the heading front ends show over it."
   (slot kind (type SYMBOL))
   (slot heading (type STRING) (default ""))
   (slot text (type STRING))
   (slot source (type STRING)))

(deftemplate policy "The version of the triage policy (docs/triage-policy.md) the rules implement; every result names it."
   (slot version (type INTEGER))
   (slot source (type STRING)))

(deftemplate override "An overlay's declaration that it replaces a shipped rule (kind rule) or definition (kind question, trigger-def, contributor-def, recommendation-def, caution-def, disposition-def) of the same id. Without it, a second definition is an error."
   (slot kind (allowed-symbols rule question disposition-def trigger-def contributor-def recommendation-def caution-def technique notice wording checklist value-words))
   (slot id (type SYMBOL))
   (slot reason (type STRING) (default "")))

(deftemplate notice "Text every result carries."
   (slot id (type SYMBOL))
   (slot text (type STRING)))

(deftemplate wording "Words the front ends put around the rules' own texts, where those words speak of the body or the advice; {} stands for what the front end puts there."
   (slot id (type SYMBOL))
   (slot text (type STRING)))

;; ---- conclusions (asserted by rules, always under logical support) ------
(deftemplate trigger "A trigger that fired."
   (slot id (type SYMBOL)))

(deftemplate contributor "Evidence for a contributor with a certainty factor."
   (slot id (type SYMBOL))
   (slot cf (type FLOAT) (range 0.0 1.0)))

(deftemplate finding "An intermediate step of an association chain."
   (slot id (type SYMBOL))
   (slot cf (type FLOAT) (range 0.0 1.0)))

(deftemplate cause "A cause present for a condition (e.g. of tight hamstrings)."
   (slot id (type SYMBOL))
   (slot of (type SYMBOL)))

(deftemplate recommend "A recommendation offered because of a conclusion."
   (slot id (type SYMBOL))
   (slot because (type SYMBOL)))

(deftemplate caution "A caution in force, because of an answer or conclusion."
   (slot id (type SYMBOL))
   (slot because (type SYMBOL)))

(deftemplate assumption "Something the result assumed about a missing or uncertain answer."
   (slot id (type SYMBOL))
   (slot text (type STRING)))
