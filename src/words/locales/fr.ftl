# Les messages de mandate en français.
#
# Un message par phrase qu'une personne lit. Chaque `{ $nom }` est une valeur insérée à
# l'exécution : le nom d'une règle, une catégorie, une date. Les noms, titres de règles et
# citations sont ceux de la politique et ne sont jamais traduits. Les identifiants (avant `=`)
# restent ceux du fichier anglais.

## Noms et guillemets

quoted = « { $name } »
list-and = { $head } et { $last }
list-or = { $head } ou { $last }
# Le signe % suit le nombre après une espace fine insécable (2,5 %).
percent = { $number } %
decimal-separator = ,

## Types de refus

kind-error = erreur dans le flux
kind-forbidden = interdit
kind-gap = faits manquants
kind-review-required = examen requis
kind-not-permitted = non autorisé

## Décisions en une phrase

reason-allowed-by-one = autorisé par { $rule }
reason-allowed-by-many = autorisé par { $count } règles
reason-forbidden = interdit par { $rules }
reason-gap = { $count ->
    [one] impossible de décider : { $rules } exige des faits que le flux n'indique pas
   *[other] impossible de décider : { $rules } exigent des faits que le flux n'indique pas
}
reason-review = requiert d'abord l'approbation de { $roles } ({ $rules })
reason-not-permitted = non autorisé : aucune règle ne permet ce flux
reason-invalid = le flux n'est pas valide
reason-invalid-one = le flux n'est pas valide : { $message }
reason-invalid-at = le flux n'est pas valide : { $path } : { $message }
reason-invalid-many = le flux n'est pas valide ({ $count } problèmes)

## Une décision sur un écran (`check`)

text-head = { $head }  flux { $flow }
text-allow = AUTORISÉ
text-review = EXAMEN (non autorisé avant approbation)
text-deny = REFUSÉ
text-deny-kind = REFUSÉ ({ $kind })
text-rule = { $effect } « { $rule } »
text-rule-hop = { $effect } « { $rule } » (étape { $hop })
text-at = source
text-cite = réf.
text-fact = fait
text-needs-approval = requiert l'approbation de { $role }
text-obligations = obligations :
text-obligation = { $text }  (imposée par { $rules })
text-error = erreur { $at } : { $message }
text-policy = politique
check-lines-summary = { $allowed } autorisé(s), { $denied } refusé(s) ou en attente d'examen, { $errors } en erreur

## Faits : ce sur quoi chaque condition a été évaluée

side-sender = l'expéditeur
side-recipient = le destinataire
compare-at-least = au moins
compare-at-most = au plus
compare-above = supérieure à
compare-below = inférieure à
compare-is = exactement
prefix-subject = la personne concernée{" "}
prefix-purpose = la finalité{" "}
path-itself = { $prefix }{ $term } elle-même
path-kind-of = { $prefix }{ $term } relève de { $ancestor }
path-kind-of-through = { $prefix }{ $term } relève de { $ancestor } (via { $steps })
hashtag-read = le { $written } du flux est lu comme l'étiquette déclarée { $declared }
fact-with-hashtags = { $fact } ({ $readings })
fact-data-none-within = aucune donnée ne relève de { $category } (données : { $data })
fact-data-all-within = toutes les données relèvent de { $within }
fact-data-outside = { $count ->
    [one] { $outside } ne relève pas de { $within }
   *[other] { $outside } ne relèvent pas de { $within }
}
fact-sensitivity-unknown = aucune catégorie du flux n'a de niveau de sensibilité
fact-sensitivity-response = {" "}(classification de la réponse { $response })
fact-sensitivity = sensibilité la plus élevée { $level }{ $response }, { $holds ->
    [yes] soit
   *[no] ce qui n'est pas
} { $compare } { $bound }
fact-subjects-unstated = le flux n'indique pas à qui se rapportent les données
fact-subjects-none-within = aucune personne concernée ne relève de { $subject } (personnes concernées : { $subjects })
fact-subjects-all-within = les personnes concernées { $subjects } { $holds ->
    [yes] relèvent toutes
   *[no] ne relèvent pas toutes
} de { $within }
fact-purpose-is = la finalité { $purpose } { $holds ->
    [yes] est
   *[no] n'est pas
} { $expected }
fact-purpose-outside = la finalité { $purpose } ne relève pas de { $within }
fact-collection-unstated = le flux n'indique pas la finalité de la collecte
fact-purpose-compatible = la finalité { $purpose } { $holds ->
    [yes] est compatible avec
   *[no] ne relève pas de la finalité de collecte ni n'est déclarée compatible avec
} la finalité de collecte { $collected }
fact-collected-within = données collectées pour { $collected }, qui { $holds ->
    [yes] relève
   *[no] ne relève pas
} de { $within }
fact-party-kind-exact = { $side } { $party } est de type { $kind }
fact-party-kind = { $side } { $party } est de type { $kind }, qui { $holds ->
    [yes] relève
   *[no] ne relève pas
} de { $expected }
fact-party-is = { $side } est { $party }{ $holds ->
    [yes] {""}
   *[no] , et non { $expected }
}
fact-party-country = { $side } { $party } se trouve en/au { $country } ({ $holds ->
    [yes] l'un des pays
   *[no] hors des pays
} { $countries })
fact-party-flag = { $side } { $party } { $holds ->
    [yes] porte la mention
   *[no] ne porte pas la mention
} { $flag }
fact-basis-unstated = le flux n'indique aucune base légale
fact-basis-one = la base légale est { $basis }{ $holds ->
    [yes] {""}
   *[no] , et non { $expected }
}
fact-basis = la base légale { $basis } { $holds ->
    [yes] fait partie de
   *[no] ne fait pas partie de
} { $bases }
fact-consent-missing = le flux ne comporte aucun enregistrement de consentement
consent-named = le consentement { $consent }
consent-unnamed = l'enregistrement de consentement
fact-consent-covers = { $consent } est donné et couvre la finalité, le destinataire et le pays
fact-consent-gap = { $consent } ne couvre pas le flux : { $why }
consent-status-given = donné
consent-status-withdrawn = retiré
consent-status-expired = expiré
consent-status-refused = refusé
consent-gap-status = son statut est « { $status } »
consent-gap-withdrawn = il a été retiré le { $on }
consent-gap-given-after = il n'a été donné que le { $on }, après le flux
consent-gap-expired = il a expiré le { $on }
consent-gap-purpose = ses finalités ({ $purposes }) ne couvrent pas { $purpose }
consent-gap-recipient = il ne désigne ni le destinataire { $recipient } ni son type
consent-gap-country = ses pays ({ $countries }) n'incluent pas { $country }
fact-agreement-covers = l'accord { $agreement } couvre le flux (en vigueur du { $from } au { $to })
fact-agreement-onward = l'accord { $agreement } { $holds ->
    [yes] autorise
   *[no] interdit
} le transfert ultérieur
fact-agreement-none-binds = aucun accord ne lie { $from } à { $to }
fact-agreement-none-covers = aucun accord ne couvre le flux ({ $gaps })
agreement-gap = { $agreement } : { $why }
agreement-gap-not-yet = il n'entre en vigueur que le { $on }
agreement-gap-expired = il a expiré le { $on }
agreement-gap-purpose = il ne couvre pas la finalité { $purpose }
agreement-gap-data = il ne couvre pas les données { $category }
agreement-gap-subjects-unstated = il est limité à certaines personnes concernées et le flux n'indique pas à qui se rapportent les données
agreement-gap-subject = il ne couvre pas la personne concernée { $subject }
fact-approval-given = approuvé par { $role }
fact-approval-missing = aucune approbation de { $role }
fact-approval-late = l'approbation de { $role } est datée du { $at }, après le flux ({ $flow_at }) : elle ne compte pas
no-organisation = aucune organisation
fact-same-organisation = { $from } ({ $from_org }) et { $to } ({ $to_org }) { $holds ->
    [yes] font partie de la même organisation
   *[no] ne font pas partie de la même organisation
}
fact-countries-same = tous deux dans le pays { $country }
fact-countries = de { $from } vers { $to }
fact-countries-inside = de { $from } vers { $to }, au sein de { $organisation }
fact-onward-hop = étape { $hop } d'un transfert ultérieur
fact-first-hop = première étape (pas un transfert ultérieur)
fact-response-unstated = le flux ne désigne aucune réponse
fact-response-is = la réponse { $response } { $holds ->
    [yes] est
   *[no] n'est pas
} { $expected }
fact-constant = toujours { $value ->
    [yes] vrai
   *[no] faux
}
fact-exception-holds = l'exception s'applique : { $facts }
fact-exception-fails = l'exception ne s'applique pas : { $facts }
fact-exception-unknown = impossible de dire si l'exception s'applique : { $facts }

## Contrôles intégrés de la chaîne : noms, textes de référence, constats

check-purpose-limitation-name = Limitation de la finalité tout au long de la chaîne
check-purpose-limitation-cite = Limitation de la finalité : des données personnelles collectées pour une finalité ne peuvent être traitées ultérieurement que pour cette finalité ou une finalité compatible (Manuel du CICR sur la protection des données dans l'action humanitaire, principes de base)
check-onward-transfer-name = Transfert ultérieur interdit par un accord en amont
check-onward-transfer-cite = Transferts ultérieurs : un destinataire ne peut transmettre les données que dans la mesure où l'accord de partage de données sous lequel il les a reçues le permet (Manuel du CICR sur la protection des données dans l'action humanitaire, partage international de données)
check-onward-obligation-name = Transfert ultérieur interdit par une obligation de l'étape précédente
check-onward-obligation-cite = Un transfert autorisé à condition qu'il n'y ait pas de transfert ultérieur ne peut être suivi d'un autre
finding-purpose-incompatible = la finalité { $purpose } ne relève pas de la finalité de collecte { $collected } et n'est pas déclarée compatible avec elle
finding-collection-unstated = un transfert ultérieur doit indiquer la finalité de la collecte (`collected_for`)
finding-upstream-agreement = l'accord { $agreement }, sous lequel { $from } a transmis les données à { $to }, interdit le transfert ultérieur
finding-upstream-obligation = la règle { $rule } a autorisé l'étape précédente à condition qu'il n'y ait pas de transfert ultérieur

## Problèmes dans les données d'entrée d'un flux

did-you-mean = { " " }; vouliez-vous dire `{ $name }` ?
sort-category = catégorie de données
sort-subject = catégorie de personnes concernées
sort-purpose = finalité
sort-party-kind = catégorie de partie
problem-unknown-term = `{ $name }` : aucune { $sort } de ce nom dans cette politique{ $hint }
problem-unmapped-hashtag = le hashtag HXL `{ $tag }` ne correspond à aucune catégorie de données de cette politique
problem-unknown-party = partie inconnue : `{ $name }` ; la politique ne déclare aucune partie de ce nom{ $hint }
problem-unknown-recipient = destinataire inconnu : `{ $name }` n'est ni une partie ni un type de partie de cette politique
problem-unknown-agreement = accord inconnu : { $agreement }
problem-agreement-not-binding = l'accord { $agreement } ne lie pas { $from } à { $to }
problem-not-a-country = `{ $text }` n'est pas un code pays ISO 3166-1 alpha-2
problem-not-a-time = `{ $text }` n'est pas une date et heure : écrivez-la en RFC 3339, par ex. 2025-04-12T09:00:00Z
problem-hop-after-flow = cette étape antérieure est datée du { $at }, après le flux ({ $flow_at }) : une étape antérieure ne peut avoir lieu après le transfert auquel elle mène ; corrigez la date
problem-empty-id = est vide : donnez un identifiant au flux, afin que sa décision puisse être retrouvée
problem-malformed = { $detail }
problem-syntax = ce n'est pas du JSON : la lecture n'a pu aller au-delà de la ligne { $line }, colonne { $column } ; cherchez-y une virgule, un guillemet ou un crochet manquant
problem-too-deep = le document est imbriqué trop profondément pour être lu : un flux ne compte que quelques niveaux d'objets et de listes
problem-missing-member = le membre `{ $member }` manque ; tout flux l'indique
problem-unknown-member = il n'y a pas de membre `{ $member }` ici ; les membres possibles ici sont { $expected }
problem-unknown-member-near = il n'y a pas de membre `{ $member }` ici ; vouliez-vous dire `{ $suggestion }` ?
problem-unknown-member-none = il n'y a pas de membre `{ $member }` ici ; rien ne peut être écrit à cet endroit
problem-unknown-value = `{ $value }` n'est pas une valeur que ce membre accepte ; écrivez { $expected }
problem-wrong-kind = attendu : { $expected } ; trouvé : { $found }
problem-duplicate-member = le membre `{ $member }` est écrit deux fois dans le même objet ; n'en gardez qu'un
problem-too-many-entries = compte { $count } entrées ; au plus { $max } sont acceptées
json-kind-text = du texte (une chaîne entre guillemets)
json-kind-number = un nombre
json-kind-boolean = true ou false
json-kind-null = null
json-kind-list = une liste (un tableau JSON)
json-kind-object = un objet (des membres entre accolades)
problem-not-json = le corps envoyé n'est pas du JSON (la lecture n'a pu aller au-delà de la ligne { $line }, colonne { $column }) ; envoyez un flux sous forme d'objet JSON, ou un tableau JSON de flux
problem-too-large = le flux fait { $bytes } octets ; { $max } au plus sont acceptés
problem-line-too-long = la ligne dépasse { $max } octets, le maximum lu (--max-line-bytes)
problem-not-utf8 = le flux n'est pas du texte UTF-8 (l'octet à la position { $offset } ne fait pas partie d'un caractère) ; envoyez du JSON en UTF-8
problem-fault = { $detail }
problem-unresolved = le flux n'a pas pu être résolu

## Explications (mandate explain)

explain-head-allow = AUTORISÉ
explain-head-review = EXAMEN (non autorisé avant approbation)
explain-head-deny = REFUSÉ ({ $kind })
explain-head-deny-plain = REFUSÉ
explain-flow = flux { $flow }
explain-policy = politique { $name }, { $hash }
explain-policy-version = politique { $name } version { $version }, { $hash }
explain-error = erreur { $at } : { $message }
explain-error-whole-flow = flux
explain-hop = Étape { $hop } sur { $hops } : { $from } → { $to }, finalité { $purpose } :
explain-hop-allowed = autorisé
explain-rules-allowing = Règles qui l'autorisent
explain-rules-deciding = Règles déterminantes
explain-checks-failed = Contrôles de la chaîne non satisfaits
explain-also-applying = Règles également applicables (non déterminantes)
explain-not-applying = Règles non applicables
explain-obligations = Obligations
explain-imposed-by = (imposée par { $rules })
# L'effet d'une règle : les mots-clés allow, deny, review et require de la politique.
explain-effect = { $effect ->
    [allow] autorisation
    [deny] interdiction
    [review] examen
    [require] exigence
   *[other] { $effect }
}
explain-rule = { $effect } { $rule }
explain-label-at = source
explain-label-cite = référence
explain-needs-approval = requiert l'approbation de { $role }
explain-when = si
explain-unless = sauf si
explain-true = ✔ vrai
explain-false = ✘ faux
explain-unknown = ? inconnu
explain-node-not = non :
explain-node-all = toutes les conditions suivantes :
explain-node-any = l'une des conditions suivantes :
explain-remedies = Ce qui permettrait d'autoriser le flux
explain-remedy-changes = { $head } ; et { $last }
explain-remedy-result = → { $reason }
explain-remedy-result-with = → { $reason }, avec : { $obligations }

## Mesures correctives

remedy-not-applicable = le flux comporte lui-même des erreurs : corrigez-les d'abord
remedy-not-needed = le flux est autorisé : rien n'est à modifier
remedy-found = { $count ->
    [one] une façon de rendre le flux licite (vérifiée en le réévaluant)
   *[other] { $count } façons de rendre le flux licite : d'abord celles qui n'exigent aucun nouvel instrument juridique, puis de la plus simple à la plus lourde (chacune vérifiée en le réévaluant)
}
remedy-none = aucune modification à portée (omettre des données, indiquer un fait manquant, consentement, approbations ou accords de partage de données, jusqu'à { $max } à la fois) n'amène une règle à l'autoriser
remedy-drop-data = retirer { $data } des données transmises
remedy-state-collected-for = indiquer la finalité de la collecte (admise : { $purpose })
remedy-obtain-consent = recueillir un consentement couvrant la finalité { $purpose }, le destinataire { $recipient } et le pays { $country }
remedy-state-subjects = indiquer les personnes concernées (admises : { $subjects })
remedy-obtain-approval = obtenir l'approbation de { $role }
remedy-obtain-approval-hop = obtenir l'approbation de { $role } pour l'étape { $hop }
remedy-amend = modifier l'accord de partage de données { $agreement } : { $parts }
remedy-amend-and = { $head } et { $last }
remedy-amend-purposes = couvrir la finalité { $purposes }
remedy-amend-data = couvrir les données { $data }
remedy-amend-subjects = couvrir les personnes concernées { $subjects }
remedy-amend-valid-from = le faire entrer en vigueur au plus tard le { $day }
remedy-amend-valid-to = le prolonger jusqu'au { $day }
remedy-amend-onward = autoriser le transfert ultérieur
remedy-conclude = conclure un accord de partage de données de { $from } vers { $to } couvrant la finalité { $purpose } et les données { $data }, valable le { $day }

## Obligations

obligation-minimize = limiter les données à [{ $categories }]
obligation-pseudonymize = pseudonymiser [{ $categories }]
obligation-aggregate = agréger avec k >= { $k }
obligation-aggregate-by = agréger par [{ $by }] avec k >= { $k }
obligation-retain = conserver { $days } jours au plus
obligation-encrypt-at_rest = chiffrer au repos
obligation-encrypt-in_transit = chiffrer en transit
obligation-no-onward-transfer = aucun transfert ultérieur
obligation-notify = informer { $role }

## Journal des décisions (mandate log show)

log-show-record = enregistrement { $id } journalisé le { $time } sous la politique { $policy }
log-show-not-reproduced = ATTENTION : une nouvelle évaluation donne { $now ->
    [Allow] « autorisé »
    [Deny] « refusé »
   *[other] « examen »
}, alors que le journal indique { $logged ->
    [Allow] « autorisé »
    [Deny] « refusé »
   *[other] « examen »
}
log-show-unverified = ATTENTION : l'intégrité du journal n'est pas vérifiée ({ $count } problème(s)) : cet enregistrement a pu être modifié ; lancez `mandate log verify { $dir }`

## Tests de la politique (mandate test)

test-running = { $count ->
    [one] exécution de { $count } test sur { $policy }
   *[other] exécution de { $count } tests sur { $policy }
}
test-line = test { $name } ... { $result }
test-ok = ok
test-failed = ÉCHEC
test-failures = échecs :
test-what-happened = ce qui s'est passé :
test-result = résultat des tests : { $result }. { $passed } réussi(s) ; { $failed } en échec
test-coverage-below = erreur : la couverture est inférieure aux { $min } % exigés : ajoutez des tests pour les éléments marqués ✗
test-coverage-head = couverture de { $policy } par ses tests :
test-coverage-at = source { $at }
test-coverage-applies = s'applique
test-coverage-does-not-apply = ne s'applique pas
test-coverage-exception-holds = exception vérifiée
test-coverage-obligations = obligations imposées
test-coverage-by = par { $test }
test-coverage-no-test = AUCUN TEST
test-coverage-untouched = termes testés par les règles qu'aucun flux de test n'utilise (non comptés) :
test-coverage-term-category = catégorie de données { $term }
test-coverage-term-subject = personnes concernées { $term }
test-coverage-term-purpose = finalité { $term }
test-coverage-term-kind = type de partie { $term }
test-coverage-total = couverture : { $percent } % ({ $covered } éléments sur { $total } : chaque règle appliquée et non appliquée, chaque exception vérifiée, les obligations de chaque règle imposées)

## Cartographies des données (mandate audit, mandate reach)

map-audit-head = AUDIT  cartographie { $map } ({ $systems } systèmes, { $datasets } jeux de données, { $transfers } transferts) au { $at }
map-denied-path = CHEMIN REFUSÉ { $n }
map-not-shown = { $count } autre(s) chemin(s) refusé(s) non affiché(s) (augmentez --max-paths pour les voir)
map-policy = politique { $hash }
map-summary = bilan : { $checked } chemins examinés, { $denied } refusés ({ $states } états, { $merged } chemins regroupés, { $decisions } décisions calculées)
map-denied-by-rule = refus par règle :
map-stands-for = (représente { $count } chemins non conformes)
map-dataset = jeu de données { $dataset } collecté dans { $system }
map-step-allow = autorisé
map-step-deny = REFUSÉ ({ $kind })
map-step-review = examen
map-step-deny-plain = refusé
map-step-transfer = { $transfer }  finalité { $purpose }
map-carries = transmet { $categories }
map-hop-decision = étape { $hop } : { $head } : { $reason }
map-rule = règle d'{ $effect } { $rule }
map-rule-hop = règle d'{ $effect } { $rule } (étape { $hop })
map-label-fact = fait
map-reach-head = ATTEINTE  { $question } dans la cartographie { $map } au { $at } : { $count } chemin(s), { $allowed } autorisé(s), { $denied } non autorisé(s)
map-path-allowed = CHEMIN { $n } AUTORISÉ
map-path-not-allowed = CHEMIN { $n } NON AUTORISÉ
map-not-allowed = non autorisé
map-dot-collects = collecte { $datasets }
map-dot-paths = ({ $count } chemins)
map-dot-denied = REFUSÉ, { $kind }{ $paths } :

## Différences entre politiques (mandate diff)

diff-policy-version = { $name } version { $version }
diff-comparing = comparaison de { $old } avec { $new }
diff-none = aucune différence : chaque flux reçoit la même décision et les mêmes obligations (les versions ne diffèrent que par des noms, un ordre ou une formulation sans effet sur les décisions)
diff-none-but-below = les règles décident de même de tout flux portant les mêmes catégories ; les changements ci-dessous décident de ce qu'un flux porte ou de ce que couvre son consentement
diff-none-identical = aucune différence : chaque flux reçoit la même décision et les mêmes obligations (les politiques compilées sont identiques)
diff-change = { $change } : flux { $old } auparavant et { $new } désormais
diff-version = { $version ->
    [old] ancienne
    [new] nouvelle
   *[other] deux
}
diff-name-undeclared = la { $version } version ne déclare aucun(e) { $kind } `{ $name }` : elle rejette donc tout flux qui le nomme
diff-default-deny = dans la { $version } version, aucune règle n'autorise le flux témoin (refus par défaut)
diff-decided-by = décidé dans la { $version } version par { $by }
diff-by-builtin = par le contrôle intégré d'{ $effect } { $rule } (les deux versions)
diff-by-rule = par la règle d'{ $effect } { $rule } ({ $version } version)
diff-by-rule-at = par la règle d'{ $effect } { $rule } ({ $version } version, { $at })
diff-where = lorsque { $condition }
diff-witness-verified = flux témoin : { $witness }  (vérifié : ainsi décidé dans les deux versions)
diff-witness-unverified = flux témoin : { $witness }  (non vérifié : dépend de faits qu'un flux d'une seule étape ne peut pas indiquer, comme une étape antérieure)
diff-differs = différences : { $differences }
diff-count = { $count } changement(s)
diff-class-error = rejetés comme invalides
diff-class-forbidden = interdits
diff-class-gap = laissés sans décision (faits manquants)
diff-class-review = soumis à examen
diff-class-allowed = autorisés
diff-class-not-permitted = non autorisés
sort-party = partie
# Ce qu'une modification fait à une classe de flux (`mandate diff`).
diff-shift = { $shift ->
    [newly_allows] autorise désormais
    [no_longer_allows] n'autorise plus
    [newly_forbids] interdit désormais
    [no_longer_forbids] n'interdit plus
    [newly_holds_for_review] soumet désormais à examen
    [no_longer_holds_for_review] ne soumet plus à examen
    [newly_leaves_undecided] laisse désormais sans décision
    [no_longer_leaves_undecided] ne laisse plus sans décision
    [newly_requires] exige désormais
    [no_longer_requires] n'exige plus
    [newly_accepts] accepte désormais
   *[no_longer_accepts] n'accepte plus
}
diff-shift-name = { diff-shift } la { $sort } `{ $name }`
diff-shift-obligation = { diff-shift } { $obligation }
diff-shift-onward-agreement = { diff-shift } les transferts ultérieurs de données reçues au titre de l'accord « { $agreement } »
diff-shift-onward-obligation = { diff-shift } les transferts ultérieurs après une étape qu'elle autorise (pas de transfert ultérieur)
diff-where-onward-agreement = lorsque l'accord au titre duquel l'étape précédente a eu lieu (celui qu'elle nomme, sinon le premier qui la couvre) interdit le transfert ultérieur
diff-witness-chain = première étape : { $first } ; puis transfert ultérieur : { $then }
diff-decider = la règle d'{ $effect } { $rule }
diff-decider-at = la règle d'{ $effect } { $rule } ({ $at })
diff-nothing = aucun
diff-root = rien (une racine)
diff-first-hop = première étape : { $difference }
diff-differs-within = { $sort } `{ $name }` relève de { $before } auparavant, de { $now } désormais
diff-differs-party = partie `{ $name }` : { $changes }
diff-party-kind = catégorie { $before } auparavant, { $now } désormais
diff-party-jurisdiction = juridiction { $before } auparavant, { $now } désormais
diff-party-organisation = organisation { $before } auparavant, { $now } désormais
diff-party-flags = attributs [{ $before }] auparavant, [{ $now }] désormais
diff-differs-compatible = la finalité { $purpose } est { $before ->
    [yes] compatible
   *[no] incompatible
} avec la finalité de collecte { $collected } auparavant, { $now ->
    [yes] compatible
   *[no] incompatible
} désormais
diff-differs-sensitivity = sensibilité la plus élevée { $before } auparavant, { $now } désormais
diff-covered-by = l'accord « { $agreement } »
diff-covered-by-none = aucun accord
diff-differs-agreement = couvert par { $before } auparavant, par { $now } désormais
diff-differs-onward = accord « { $agreement } » : transfert ultérieur { $before ->
    [yes] autorisé
   *[no] interdit
} auparavant, { $now ->
    [yes] autorisé
   *[no] interdit
} désormais
# Pourquoi un test de politique échoue (`mandate test`).
test-problem-decision = décision attendue { $expected }, obtenue { $got }
test-problem-kind = type attendu { $expected }, obtenu { $got }
test-problem-rules = règles déterminantes attendues { $expected }, obtenues { $got }
test-problem-obligations = obligations attendues { $expected }, obtenues { $got }
test-problem-unreadable = { $file } : { $detail }
test-problem-not-a-map = { $file } : pas une table du nom de fichier de flux vers l'attente : { $detail }
test-problem-bad-expectation = { $file } : l'attente pour `{ $flow }` : { $detail }
test-problem-no-expectation = { $file } : ce flux n'a pas d'attente dans { $expected } ; ajoutez-en une
test-problem-not-a-test = { $file }:{ $line }:{ $column } : pas un fichier de test : { $detail } ; un test est {"{"}"name", "flow" ou "flow_file", "expect"{"}"}
test-problem-flow-or-file = { $file } : un test donne exactement l'un de `flow` (le flux lui-même) ou `flow_file` (un chemin relatif au fichier de test)
test-problem-outside-pack = { $file } : `flow_file` « { $path } » mène hors du paquet ; donnez un chemin relatif au fichier de test qui reste dans le paquet

## Remèdes : qui doit agir et quel type de modification

explain-remedy-who = qui doit agir : { $who }
explain-remedy-actor-kind = { $actor }, pour { $kind }
remedy-actor-flow = l'auteur du flux
remedy-actor-sender = l'expéditeur
remedy-actor-policy = le délégué à la protection des données responsable de la politique
remedy-kind-leave-out-data = omettre des données
remedy-kind-state-missing-fact = indiquer un fait manquant
remedy-kind-obtain-consent = recueillir un consentement
remedy-kind-obtain-approval = obtenir une approbation
remedy-kind-amend-agreement = modifier un accord de partage de données
remedy-kind-extend-agreement = prolonger un accord de partage de données
remedy-kind-conclude-agreement = conclure un accord de partage de données

## Remèdes : ce qui arrête un flux qu'aucun remède ne rend licite

remedy-none-blocked = aucune modification à portée (omettre des données, indiquer un fait manquant, consentement, approbations ou accords de partage de données, jusqu'à { $max } à la fois) ne le rend licite :
remedy-blocked-absolute = { $rule } l'interdit de manière absolue, sans exception possible
remedy-blocked-while = { $rule } l'interdit tant que : { $conditions }
remedy-blocked-unless = { $rule } l'interdit, sauf si : { $exception }
remedy-blocked-while-unless = { $rule } l'interdit tant que : { $conditions } ; ou sauf si : { $exception }
remedy-blocked-undecided = { $rule } ne peut être tranchée : le flux n'indique pas un fait qu'elle examine
remedy-blocked-other = { $rule } l'arrête
remedy-blocked-check = { $rule } l'arrête : { $facts }
remedy-blocked-not-permitted = et aucune règle ne l'autorise : sans les règles ci-dessus, il resterait refusé par défaut
remedy-blocked-on-hops = { $count ->
    [one] { $text } (étape { $hops })
   *[other] { $text } (étapes { $hops })
}

## Remèdes : périodes délibérément sans accord (suspensions)

remedy-suspended = arrêté à dessein : l'accord { $agreement } entre { $from } et { $to } est suspendu depuis le { $since }, motif : « { $reason } » ({ $cite }) ; aucun remède ne le modifie, ne le prolonge ni ne le remplace
remedy-suspended-until = arrêté à dessein : l'accord { $agreement } entre { $from } et { $to } est suspendu du { $since } au { $until }, motif : « { $reason } » ({ $cite }) ; aucun remède ne le modifie, ne le prolonge ni ne le remplace
remedy-suspended-hop = étape { $hop } : { $text }

## Diff : suspensions ajoutées ou retirées (aucune décision ne change)

diff-suspension-added = suspension ajoutée (aucune décision ne change ; les remèdes ne la contournent plus) : l'accord { $agreement } est suspendu depuis le { $since }, motif : « { $reason } » ({ $cite })
diff-suspension-added-until = suspension ajoutée (aucune décision ne change ; les remèdes ne la contournent plus) : l'accord { $agreement } est suspendu du { $since } au { $until }, motif : « { $reason } » ({ $cite })
diff-suspension-removed = suspension retirée (aucune décision ne change ; les remèdes peuvent de nouveau proposer de prolonger ou de remplacer l'accord) : l'accord { $agreement } était suspendu depuis le { $since }, motif : « { $reason } » ({ $cite })
diff-suspension-removed-until = suspension retirée (aucune décision ne change ; les remèdes peuvent de nouveau proposer de prolonger ou de remplacer l'accord) : l'accord { $agreement } était suspendu du { $since } au { $until }, motif : « { $reason } » ({ $cite })

## Remèdes : à titre d'information, jamais un correctif

remedy-information-purposes = à titre d'information, non de correctif : la politique autoriserait ce flux pour la ou les finalités plus étroites { $purposes }, mais seulement si c'est vraiment pour cela que les données sont transmises (une finalité est un fait, pas un réglage)
remedy-information-bases = à titre d'information, non de correctif : la politique autoriserait ce flux sur la base légale { $bases }, mais seulement si la situation repose vraiment sur elle (une base légale ne se choisit pas après coup)
remedy-information-both = à titre d'information, non de correctif : la politique autoriserait ce flux pour la ou les finalités plus étroites { $purposes } ou sur la base légale { $bases }, mais seulement si c'est vraiment ce qu'est le transfert (une finalité ou une base légale est un fait, pas un réglage)

## Rejeu du journal des décisions (mandate log replay)

log-replay-header = rejeu de { $dir } sous la politique { $policy }
log-replay-summary = { $replayed } décision(s) rejouée(s) : { $changed } changerai(en)t, { $unchanged } resterai(en)t identique(s)
log-replay-skipped = ignoré : { $outside } hors de la période, { $unreadable } ligne(s) qui ne sont pas des enregistrements
log-replay-undecided = ignoré : { $count } passage(s) de la passerelle de données refusé(s) avant que le flux soit décidé (rien à comparer)
log-replay-none = aucun changement : chaque décision rejouée est la même sous la nouvelle politique
log-replay-change = { $n }. { $count ->
    [one] { $count } flux
   *[other] { $count } flux
} : { $old } → { $new }
log-replay-old-rules = tel que journalisé, décidé par { $rules }
log-replay-new-rules = désormais décidé par { $rules }
log-replay-no-rule = aucune règle (le refus par défaut, ou une erreur dans le flux)
log-replay-examples = par exemple : { $ids }
log-replay-explain-hint = pour en voir un côte à côte : mandate log replay { $dir } --policy { $policy } --explain ID
log-replay-refused = le journal { $dir } ne se vérifie pas ({ $count } problème(s)) : son contenu a pu être altéré et son rejeu ne prouverait rien ; lancez `mandate log verify { $dir }`, ou passez --allow-unverified pour le rejouer malgré tout
log-replay-unverified = ATTENTION : rejeu d’un journal qui ne se vérifie pas ({ $count } problème(s)) ; son contenu a pu être altéré :
log-replay-progress = { $count } enregistrements lus…
log-replay-no-flow = l’enregistrement { $id } ne contient aucun flux lisible ({ $error }) : il ne peut pas être décidé à nouveau
log-replay-explain-old = TEL QUE JOURNALISÉ (politique { $policy })
log-replay-explain-new = SOUS LA NOUVELLE POLITIQUE ({ $policy })
log-replay-explain-changed = cette décision change : { $old } → { $new }
log-replay-explain-same = cette décision ne change pas

## Décisions fantômes (check --shadow, serve --shadow)

shadow-disagrees = fantôme : le flux { $flow } est { $live } sous la politique en service mais serait { $candidate } sous la candidate
shadow-not-logged = fantôme : un désaccord n’a pas pu être journalisé : { $error }
shadow-summary = fantôme : la politique candidate { $policy } décide autrement { $disagreed } flux sur { $decided } ; les réponses ci-dessus sont celles de la politique en service
shadow-started = mandate serve : politique fantôme { $policy } depuis { $source } : les désaccords sont comptés dans /metrics{ $log ->
    [none] {""}
   *[other] {" "}et journalisés dans { $log }
}
shadow-reloaded = mandate serve : politique fantôme rechargée ({ $policy })
shadow-reload-failed = mandate serve : la politique fantôme modifiée ne compile pas ; la politique fantôme en usage est conservée :

## Différences de politique observées dans un journal (mandate diff --log)

diff-log-header = dans le journal { $dir } : { $decided } flux journalisé(s) décidé(s) sous les deux versions, { $changed } décidé(s) différemment
diff-log-change = { $n }. { $change } { $rule } : { $count ->
    [0] aucun flux journalisé
    [one] { $count } flux journalisé (par exemple { $examples })
   *[other] { $count } flux journalisés (par exemple { $examples })
}
diff-log-unattributed = { $count } flux journalisé(s) décidé(s) différemment n’entre(nt) dans aucun des changements ci-dessus (par exemple { $examples })
diff-log-unverified = ATTENTION : le journal { $dir } ne se vérifie pas ({ $count } problème(s)) ; les comptes ci-dessous peuvent porter sur des enregistrements altérés :

## Dates des approbations et des données (approbations limitées dans le temps, âge des données)

period = { $unit ->
    [months] { $amount } mois
    [years] { $amount ->
        [one] { $amount } an
       *[other] { $amount } ans
    }
   *[days] { $amount ->
        [one] { $amount } jour
       *[other] { $amount } jours
    }
}
fact-approval-expired = l'approbation de { $role } a expiré le { $expires }, au plus tard au moment du flux ({ $flow_at }) : elle ne compte pas
fact-approval-recent = { $holds ->
    [yes] l'approbation de { $role } du { $at } date d'au plus { $period } avant le flux ({ $flow_at })
   *[no] la dernière approbation de { $role }, du { $at }, date de plus de { $period } avant le flux ({ $flow_at }) : elle est trop ancienne pour compter
}
fact-approval-undated = l'approbation de { $role } n'indique pas quand elle a été donnée : impossible de dire si elle est assez récente
record-event-on = { $event ->
    [collected] les données ont été collectées le { $on }
    [closed] le dossier a été clos le { $on }
   *[updated] les données ont été mises à jour pour la dernière fois le { $on }
}
fact-records-age = { $holds ->
    [yes] { $when } ; le délai de { $period } qui a suivi a expiré le { $ends }, avant le flux ({ $flow_at })
   *[no] { $when } ; le délai de { $period } qui suit expire le { $ends }, pas avant le flux ({ $flow_at })
}
fact-records-age-endless = { $when } ; le délai de { $period } qui a suivi n'a pas expiré au moment du flux ({ $flow_at })
fact-records-unstated = { $event ->
    [collected] le flux n'indique pas quand les données ont été collectées
    [closed] le flux n'indique pas quand le dossier a été clos (ni qu'il l'est)
   *[updated] le flux n'indique pas quand les données ont été mises à jour pour la dernière fois
}
remedy-renew-approval = renouveler l'approbation de { $role } : une nouvelle, donnée au plus tard au moment du flux et non expirée à cette date
remedy-renew-approval-hop = renouveler l'approbation de { $role } pour l'étape { $hop } : une nouvelle, donnée au plus tard au moment de cette étape et non expirée à cette date
fact-records-open = le dossier est ouvert : il n'a pas été clos
problem-open-and-closed = indique que le dossier est ouvert et aussi quand il a été clos : n'indiquez que l'un ou l'autre
fact-with-reference = { $fact } (référence { $reference })

## Vérification du journal des décisions (mandate log verify, anchor, key, query)

# La nature du dommage constaté.
log-kind-key = clé
log-kind-unreadable = illisible
log-kind-edited = modifié
log-kind-signature = signature
log-kind-deleted = supprimé
log-kind-reordered = réordonné
log-kind-head = tête
log-kind-unsigned = non signé
log-kind-torn = tronqué en cours d'écriture
log-kind-truncated = amputé
log-kind-policy = politique
log-kind-anchor = ancre
# Ce que la vérification a constaté, une phrase chacun.
log-key-unreadable = { $file } : { $detail }
log-other-key = le journal se dit signé avec la clé { $named }, et non avec la clé de confiance { $trusted }
log-unreadable = la ligne { $line } n'est pas un enregistrement du journal (modifiée ou corrompue)
log-record-edited = l'enregistrement { $record } ({ $id }) a été modifié : ses octets ne correspondent pas à son empreinte
log-record-malformed = l'enregistrement { $record } ({ $id }) n'est pas écrit comme cette version écrit les enregistrements ({ $detail })
log-signature-forged = la signature de l'enregistrement { $record } ne se vérifie pas avec la clé { $key } : elle a été falsifiée ou l'empreinte recalculée
log-no-policy-hash = l'enregistrement { $record } ne désigne aucune empreinte de politique (`sha256:` et 64 chiffres hexadécimaux) : il a été modifié
log-record-deleted = l'enregistrement { $record } manque avant l'enregistrement { $before } (supprimé)
log-records-deleted = les enregistrements { $from } à { $to } manquent avant l'enregistrement { $before } (supprimés)
log-reordered = l'enregistrement { $record } figure après l'enregistrement { $after } (réordonné ou dupliqué)
log-chain-broken = l'enregistrement { $record } ne fait pas suite au précédent : la chaîne est rompue (un enregistrement a été remplacé)
log-head-unreadable = head.json est illisible : { $detail }
log-head-missing = head.json est absent : sans lui, on ne peut pas déceler les enregistrements retranchés à la fin (il a été supprimé)
log-head-unsigned = head.json n'est pas signé alors que le journal est signé avec la clé { $key } : il a été remplacé
log-head-forged = la signature de head.json ne se vérifie pas avec la clé { $key } : elle a été falsifiée
log-record-unsigned = l'enregistrement { $record } n'est pas signé alors que le journal l'est : il a été ajouté ou réécrit par quelqu'un qui n'a pas la clé
log-signatures-stripped = le journal ne porte aucune signature alors qu'une clé de confiance a été fournie : il a été écrit sans la clé, ou toutes les signatures ont été retirées
log-torn = la dernière ligne ({ $bytes } octets) est incomplète : un ajout a été interrompu ; le prochain ajout la déplacera dans torn.jsonl
log-truncated = le journal s'arrête à l'enregistrement { $last } alors que head.json en annonce { $written } : les enregistrements { $from } à { $written } ont été retranchés
log-emptied = le journal est vide alors que head.json annonce { $written } enregistrements
log-last-replaced = le dernier enregistrement, { $record }, n'est pas celui que head.json a consigné (remplacé)
log-head-not-updated = les enregistrements { $from } à { $to } ont été ajoutés sans mettre à jour head.json
log-policy-misnamed = { $file } ne porte pas le nom d'une empreinte de politique : il a été déposé là
log-policy-untrusted = la politique conservée { $policy } n'est pas digne de confiance : { $detail }
log-policy-file-changed = l'enregistrement { $record } a été décidé sous un autre fichier de la politique { $policy } que les enregistrements précédents
log-policy-missing = la politique { $policy }, sous laquelle { $count } enregistrement(s) ont été décidés (le premier : { $first }), n'est pas conservée : elle a été supprimée
log-anchor-lost = le journal ne contient plus l'enregistrement { $record } que désigne l'ancre : il a été retranché ou ramené en arrière
log-anchor-rewritten = l'enregistrement { $record } n'est pas celui que désigne l'ancre (empreinte { $anchored }, désormais { $now }) : le journal a été réécrit
log-anchor-forged = la signature de l'ancre ne se vérifie pas avec la clé { $key }
# Ce qui a été vérifié, et ce qui n'a pas pu l'être.
log-note-extends-anchor = le journal prolonge l'ancre : l'enregistrement { $record } a l'empreinte { $hash }
log-note-appends-interrupted = les enregistrements { $from } à { $to } sont au-delà de head.json : des ajouts ont été interrompus (un arrêt brutal) avant sa mise à jour ; chacun est signé et chaîné, et le prochain ajout mettra head.json à jour
log-note-format-1 = { $count } enregistrement(s) sont au format 1 (écrits par une version antérieure) : leur empreinte couvre leurs champs, non leurs octets, et ils ne sont pas signés
log-note-authenticated = signatures vérifiées avec la clé de confiance { $key }
log-note-chain-only-format-1 = chaîne seulement : le journal est au format 1 et ne porte aucune signature à confronter à la clé de confiance
log-note-not-signed-by-trusted-key = le journal n'est pas signé par la clé de confiance { $key }
log-note-chain-only-own-key = chaîne seulement : aucune clé publique de confiance n'a été fournie, les signatures n'ont donc été vérifiées qu'avec la clé que le journal désigne lui-même ({ $key }) ; quiconque peut écrire dans le dossier du journal aurait pu le réécrire entièrement. Fournissez --public-key FICHIER (ou la clé de signature) pour l'authentifier
log-note-chain-only-no-key = chaîne seulement : les enregistrements sont signés, mais aucune clé publique n'a été fournie ni désignée par le journal
log-note-chain-only-unsigned = chaîne seulement : le journal n'est pas signé, quiconque peut écrire dans son dossier aurait donc pu le réécrire entièrement ; conservez des ancres (`mandate log anchor`) ailleurs
# Les lignes et le bilan de la vérification.
log-verify-problem = { $kind } : { $message }
log-verify-problem-at = { $kind } : ligne { $line } : { $message }
log-verify-note = remarque : { $note }
log-verify-intact = intact
log-verify-intact-chain-only = intact (chaîne seulement, NON authentifié : aucune clé de confiance)
log-verify-summary = { $state } : { $count } enregistrements ; le dernier, { $seq }, a l'empreinte { $hash }
log-verify-empty = { $state } : le journal est vide
log-verify-not-intact = NON intact : { $problems } problème(s) dans { $count } enregistrements
log-not-a-log = { $dir } : ce n'est pas un journal des décisions (pas de { $file })
log-anchor-refused = le journal ne se vérifie pas ; une ancre de ce journal cautionnerait une falsification
log-anchor-empty = { $dir } : le journal est vide, rien à ancrer
log-anchor-untrusted = remarque : les signatures du journal n'ont pas été vérifiées avec une clé de confiance (fournissez --public-key FICHIER ou la clé de signature)
log-key-created = remarque : nouvelle clé de signature du journal créée dans { $path }
log-key-created-apart = remarque : nouvelle clé de signature du journal créée dans { $path } (clé publique { $key }) ; conservez-la à l'écart du journal, et remettez la clé publique à quiconque vérifie le journal
log-key-nowhere = aucun emplacement pour la clé de signature du journal : indiquez-en un avec --key FICHIER ou MANDATE_LOG_KEY
log-query-count = { $shown } enregistrement(s) sur { $count } correspondent
log-show-no-flow = l'enregistrement { $id } ne contient aucun flux lisible ({ $error }) ; il a été consigné ainsi : { $reason }
log-bound-invalid = `{ $text }` n'est ni une date (AAAA-MM-JJ) ni un instant RFC 3339

## Pourquoi le journal des décisions, sa clé ou une politique conservée ne peut servir

log-error-at = { $path } : { $problem }
log-error-not-found = aucun enregistrement d'identifiant { $id } dans le journal
log-problem-public-key-malformed = une clé publique s'écrit `ed25519:` suivi de 64 chiffres hexadécimaux
log-problem-public-key-invalid = ce n'est pas une clé publique Ed25519 valide
log-problem-no-randomness = le système n'a fourni aucun aléa pour créer une clé de signature ({ $detail })
log-problem-key-not-a-file = la clé de signature du journal n'est pas un fichier ordinaire
log-problem-key-shared = d'autres utilisateurs peuvent lire ou modifier la clé de signature du journal (mode { $mode }) ; quiconque la lit peut réécrire le journal. Exécutez `chmod 600 { $path }`
log-problem-not-a-signing-key = ce n'est pas une clé de signature de journal (elle devrait commencer par `{ $prefix }`)
log-problem-no-key-place = aucun emplacement pour la clé de signature du journal : indiquez-en un avec --log-key FICHIER ou MANDATE_LOG_KEY
log-problem-key-inside-log = la clé de signature doit être conservée hors du dossier du journal { $log }, où quiconque peut écrire dans le journal pourrait la lire
log-problem-record-not-undone = un enregistrement n'a pu être ni achevé ({ $error }) ni retiré ({ $undo }) : le journal contient une décision rendue comme une erreur ; exécutez `mandate log verify`
log-problem-not-extendable = { $why } ; rien n'a été ajouté. Exécutez `mandate log verify` sur ce dossier
log-problem-last-record-too-long = le dernier enregistrement est trop long pour être relu
log-problem-last-record-not-utf8 = le dernier enregistrement n'est pas en UTF-8
log-problem-last-record-unreadable = le dernier enregistrement est illisible ({ $detail }) ; exécutez `mandate log verify`
log-problem-unparsable = illisible ({ $detail })
log-problem-not-a-policy-hash = `{ $hash }` n'est pas une empreinte de politique (`sha256:` et 64 chiffres hexadécimaux)
log-problem-policy-not-serialised = impossible d'écrire la politique en JSON ({ $detail })
log-problem-attestation-not-serialised = impossible d'écrire l'attestation de la passerelle en JSON ({ $detail })
log-problem-stored-policy-not-utf8 = la politique conservée n'est pas en UTF-8 ; exécutez `mandate log verify`
log-problem-stored-policy-unreadable = la politique conservée n'est pas une politique compilée ({ $detail }) ; exécutez `mandate log verify`
log-problem-stored-policy-replaced = ce fichier contient la politique { $holds } et non { $wanted } : il a été remplacé ; exécutez `mandate log verify`
log-problem-stored-policy-changed = ce n'est pas le fichier sous lequel la décision a été prise (les textes ou emplacements de ses règles ont changé)
log-problem-replay-worker-stopped = un fil du rejeu s'est arrêté de façon inattendue : le rejeu est incomplet
log-extend-signed-but-no-key = ce journal est signé, et aucune clé de signature n'a été fournie pour le prolonger
log-extend-other-key = ce journal se dit signé avec la clé { $named }, et non avec la clé fournie ({ $given })
log-extend-unsigned = ce journal a été écrit sans clé de signature (ou par une version antérieure de mandate) : nul ne peut plus se porter garant de ses enregistrements ; journalisez les nouvelles décisions dans un nouveau dossier
log-extend-head-not-signed = { $head } n'est pas signé par la clé de ce journal
log-extend-head-over-empty = { $head } garantit { $count } enregistrement(s), mais le journal n'en contient aucun
log-extend-last-record-edited = le dernier enregistrement ({ $record }) ne correspond pas à son empreinte
log-extend-head-missing = { $head } est absent
log-extend-last-record-not-head = le dernier enregistrement ({ $record }) n'est pas celui que { $head } garantit ({ $vouched })

## Messages du service HTTP sur sa sortie d'erreur (mandate serve)

serve-log-not-opened = impossible d'ouvrir le journal des décisions : { $error }
serve-key-unreadable = impossible de lire la clé de signature du journal : { $error }
serve-key-created = mandate serve : nouvelle clé de signature du journal créée dans { $path } (clé publique { $key })
serve-shadow-log-not-opened = impossible d'ouvrir le journal des désaccords de la politique fantôme : { $error }
serve-no-runtime = impossible de démarrer l'environnement d'exécution : { $error }
serve-cannot-listen = impossible d'écouter sur { $addr } : { $error }
serve-no-address = impossible de lire l'adresse d'écoute : { $error }
serve-accept-failed = mandate serve : impossible d'accepter une connexion : { $error }
serve-still-in-flight = mandate serve : des requêtes sont encore en cours après { $seconds } s ; arrêt malgré tout
serve-shutting-down = mandate serve : arrêt en cours ; les requêtes en cours sont menées à terme
serve-no-watcher = impossible de surveiller les modifications de la politique : { $error }
serve-cannot-watch = impossible de surveiller les modifications de { $path } : { $error }
serve-no-sighup = impossible d'écouter le signal SIGHUP : { $error }
serve-sighup = mandate serve : SIGHUP reçu, rechargement de la politique
serve-reloaded = mandate serve : politique rechargée ({ $policy })
serve-reload-failed = mandate serve : la politique modifiée ne se compile pas ; la politique en service est conservée :
serve-shadow-does-not-load = la politique fantôme ne se charge pas :
serve-shadow-no-thread = impossible de démarrer le fil de la politique fantôme : { $error }
serve-not-logged = mandate serve : une décision n'a pas pu être consignée au journal : { $error }

## Erreurs d'options (clap les trouve ; en anglais, ses propres mots sont affichés)

cli-option-unknown = argument inattendu « { $arg } »
cli-option-unknown-command = sous-commande inconnue « { $command } »
cli-option-invalid-value = valeur « { $value } » non valide pour « { $arg } »
cli-option-value-refused = valeur « { $value } » non valide pour « { $arg } » : { $detail }
cli-option-missing = arguments obligatoires manquants : { $arg }
cli-option-missing-command = une commande est requise
cli-option-conflict = l'argument « { $arg } » ne peut pas être utilisé avec « { $prior } »
cli-option-no-equals = un signe égal est nécessaire pour donner une valeur à « { $arg } »
cli-option-value-count = nombre de valeurs incorrect pour « { $arg } »
cli-option-not-utf8 = un ou plusieurs arguments ne sont pas en UTF-8 valide
cli-option-valid = valeurs possibles : { $values }
cli-option-tip = suggestion : un argument semblable existe : « { $suggested } »
cli-option-tip-command = suggestion : des sous-commandes semblables existent : { $suggested }
cli-option-usage = Utilisation : { $usage }
cli-option-more = Pour en savoir plus, essayez « --help ».

## Un greffon inutilisable, ou un appel qui a échoué (check --plugin, host::Plugin)

host-module = le greffon n'est pas un module WASM valide : { $why }
host-module-component = c'est un composant, alors qu'un greffon est un module de base
host-too-large = le greffon est trop volumineux pour être compilé : { $why }
host-large-module = il fait { $bytes } octets, plus que les { $limit } permis pour un greffon
host-large-code = son code fait { $bytes } octets, plus que les { $limit } permis pour un greffon
host-large-function = l'une de ses fonctions fait { $bytes } octets, plus que les { $limit } permis pour une fonction
host-large-functions = il définit { $count } fonctions, plus que les { $limit } permises pour un greffon
host-imports = le greffon importe `{ $import }` ; un greffon ne doit rien importer
host-abi = le greffon ne respecte pas l'ABI de mandate : { $why }
host-abi-no-memory = aucune mémoire exportée `{ $name }`
host-abi-no-function = aucune fonction exportée `{ $name }: { $signature }`
host-abi-version = ABI version { $found }, alors que cet hôte parle la version { $spoken }
host-abi-buffer-outside = alloc a rendu une zone hors de la mémoire
host-abi-policy = sa politique intégrée ne se charge pas
host-abi-hash-length = une empreinte de politique de { $bytes } octets
host-abi-hash-not-utf8 = une empreinte de politique qui n'est pas en UTF-8
host-trap = le greffon a échoué : { $why }
host-trap-flow-too-large = le flux est trop volumineux pour un greffon 32 bits
host-trap-no-memory = le greffon n'a pas pu obtenir de mémoire
host-trap-no-instance = aucune instance
host-trap-fuel = il a épuisé son carburant (une boucle sans fin, ou une limite trop basse)
host-trap-memory-limit = il a atteint sa limite de mémoire
host-trap-trapped = il s'est interrompu sur une erreur : { $detail }
host-output = le greffon a rendu une décision mal formée : { $why }
host-output-too-large = { $bytes } octets, plus que la limite de { $limit }
host-output-not-utf8 = pas en UTF-8
host-output-not-a-decision = ce n'est pas une décision : { $detail }
host-output-other-policy = elle nomme la politique { $named } au lieu de { $own }
host-output-other-flow = elle répond pour le flux { $named } au lieu de { $asked }
host-output-outside-memory = elle pointe hors de la mémoire du greffon

## Le cache des modules précompilés des greffons (check --plugin) : le greffon se charge quand même
cache-not-opened = { $why } ; le greffon est compilé sans le cache
cache-refused = l'entrée de cache { $entry } est ignorée et le greffon compilé à nouveau : { $why }
cache-entry-unreadable = elle ne peut pas être lue ({ $why })
cache-entry-not-an-entry = ce n'est pas une entrée de cache de mandate
cache-entry-tag = son étiquette d'authentification ne correspond pas (elle a été modifiée, ou faite pour un autre greffon ou avec une autre clé)
cache-does-not-load = l'entrée de cache { $entry } ne se charge pas ({ $detail }) ; le greffon est compilé à nouveau
cache-not-written = l'entrée de cache { $entry } n'a pas pu être écrite : { $detail }
cache-not-serialised = le greffon n'a pas pu être mis en cache : { $detail }
cache-no-key-place = la clé du cache n'a pas d'emplacement (définissez MANDATE_CACHE_KEY, XDG_CONFIG_HOME ou HOME)
cache-key-inside = la clé du cache { $key } ne doit pas se trouver dans le dossier du cache { $folder }
cache-folder-not-created = le { $of ->
    [key] dossier de la clé du cache
   *[cache] dossier du cache
} { $folder } ne peut pas être créé : { $detail }
cache-folder-not-read = le { $of ->
    [key] dossier de la clé du cache
   *[cache] dossier du cache
} { $folder } ne peut pas être lu : { $detail }
cache-folder-not-a-folder = le { $of ->
    [key] dossier de la clé du cache
   *[cache] dossier du cache
} { $folder } n'est pas un dossier
cache-folder-other-owner = le { $of ->
    [key] dossier de la clé du cache
   *[cache] dossier du cache
} { $folder } appartient à un autre utilisateur (uid { $uid }) ; utilisez un dossier à vous
cache-folder-writable = le { $of ->
    [key] dossier de la clé du cache
   *[cache] dossier du cache
} { $folder } est accessible en écriture à d'autres utilisateurs (mode { $mode }) ; réservez-le à vous seul avec `chmod go-w`
cache-key-unusable = la clé du cache { $key } ne peut pas être utilisée : { $why }
cache-key-no-randomness = aucune clé de cache aléatoire { $key } n'a pu être faite : { $detail }
cache-key-not-created = la clé du cache { $key } ne peut pas être créée : { $detail }
cache-file-io = { $detail }
cache-file-not-regular = ce n'est pas un fichier ordinaire
cache-file-too-large = il fait { $bytes } octets, plus que les { $limit } acceptés
cache-file-grew = il a grandi pendant sa lecture
cache-file-other-owner = il appartient à un autre utilisateur (uid { $uid })
cache-file-others-can-access = d'autres utilisateurs peuvent le lire ou l'écrire (mode { $mode }) ; supprimez-le, ou faites `chmod 600` si personne d'autre ne l'a vu
cache-file-short = il fait moins de 32 octets
cache-file-long = il fait plus de 32 octets

## Refus du service HTTP (mandate serve) : des réponses qui ne sont pas une décision de la politique
serve-body-too-large = le corps de la requête dépasse { $max } octets
serve-body-unreadable = le corps de la requête n'a pas pu être lu : { $detail }
serve-body-timeout = le corps de la requête n'est pas arrivé dans les { $ms } ms ; rien n'a été décidé
serve-busy = le service est occupé : aucun tour n'est venu dans les { $ms } ms ; rien n'a été décidé
serve-batch-too-large = un lot compte au plus { $max } flux ; celui-ci en compte { $count }
serve-batch-malformed = un lot doit être un tableau JSON de flux : { $detail }
serve-out-of-time = la requête a attendu son tour plus de { $ms } ms ; rien n'a été décidé
serve-explanation-out-of-time = l'explication a pris plus de { $ms } ms ; rien n'a été expliqué, et le flux est refusé
serve-decision-failed = la décision a échoué
serve-explanation-failed = l'explication a échoué
serve-internal-error = erreur interne pendant la décision ; le flux est refusé
serve-no-endpoint = point d'accès inconnu : { $path } ; les points d'accès sont { $endpoints }

## La passerelle de données (`mandate gate`) : pourquoi rien n'a été écrit, et ce qui a été fait.
gate-io = { $path } : { $error }
gate-empty = le fichier de données est vide : il n'a pas de ligne d'en-tête
gate-not-utf8 = ligne { $row }, colonne { $column } ({ $header }) : la cellule n'est pas du texte UTF-8 ; enregistrez le fichier en UTF-8 et réessayez
gate-ragged-row = la ligne { $row } a { $found } cellules alors que l'en-tête en a { $expected } : chaque ligne doit avoir une cellule par colonne
gate-cell-too-large = ligne { $row }, colonne { $column } ({ $header }) : la cellule dépasse { $limit } octets, le maximum accepté (--max-cell-bytes)
gate-row-too-large = la ligne { $row } dépasse { $limit } octets, le maximum lu pour une ligne : elle n'a pas été lue plus loin
gate-malformed-csv = la ligne { $row } n'est pas du CSV valide : { $error }
gate-bad-hxl-row = la deuxième ligne contient des hashtags et est donc lue comme la ligne HXL, mais la colonne { $column } ({ $header }) contient « { $cell } », qui n'est pas un hashtag : écrivez un hashtag comme #adm1 ou laissez la cellule vide
gate-no-categories = rien n'indique ce que contiennent les colonnes : ajoutez une ligne de hashtags HXL sous l'en-tête, ou donnez une table des colonnes avec --columns
gate-unmapped-column = la colonne { $column } ({ $header }) { $tag ->
    [none] n'a pas de catégorie
   *[other] porte le hashtag { $tag }, que la politique ne rattache à aucune catégorie
}, elle ne peut donc pas être transmise ; { $suggestion ->
    [none] décrivez-la dans une table des colonnes, ou retirez-la des données
   *[other] vouliez-vous dire { $suggestion } ?
}
gate-duplicate-column = deux colonnes s'appellent « { $header } » : donnez à chaque colonne son propre en-tête
gate-bad-map-line = la ligne { $line } de la table des colonnes n'est ni `colonne,catégorie` ni `colonne,catégorie,rôle`
gate-unknown-category = la ligne { $line } de la table des colonnes nomme la catégorie { $category }, que la politique ne déclare pas{ $suggestion ->
    [none] {""}
   *[other] ; vouliez-vous dire { $suggestion } ?
}
gate-unknown-column = les données n'ont pas de colonne « { $column } »{ $suggestion ->
    [none] {""}
   *[other] ; vouliez-vous dire « { $suggestion } » ?
}
gate-unknown-role = la ligne { $line } de la table des colonnes donne le rôle « { $role } » : les rôles sont date, weight et sum
gate-bad-flow = le flux ne peut pas être lu : { $error }
gate-no-key = le flux doit pseudonymiser des colonnes et aucune clé n'a été donnée : passez --key-file, ou définissez MANDATE_GATE_KEY
gate-short-key = la clé de pseudonymisation a { $length } octets ; il en faut au moins { $least }
gate-no-date-column = le flux ne peut conserver les enregistrements qu'un temps limité, et aucune colonne ne contient la date de l'enregistrement : donnez-lui le rôle date dans la table des colonnes, ou passez --date-column
gate-bad-date = ligne { $row }, colonne { $column } ({ $header }) : « { $value } » n'est pas une date (écrivez 2026-05-12 ou une heure RFC 3339), l'âge de l'enregistrement est donc inconnu
gate-bad-number = ligne { $row }, colonne { $column } ({ $header }) : « { $value } » n'est pas un nombre
gate-no-dimensions = le flux doit être agrégé et aucune dimension n'est nommée : nommez-les dans la politique (aggregate by [..]) ou avec --by
gate-unknown-dimension = la dimension d'agrégation « { $dimension } » { $matches ->
    [0] ne correspond à aucune colonne transmise (par en-tête, catégorie ou hashtag)
   *[other] correspond à { $matches } colonnes : nommez-la par son en-tête avec --by
}
gate-too-few-records = il ne reste que { $records } enregistrements, moins que k = { $k } : aucune suppression ne peut les rendre { $k }-anonymes
gate-too-much-suppression = atteindre k supprimerait { $suppressed } des { $total } valeurs de quasi-identifiants ({ $share }), plus que les { $allowed } que la politique permet
gate-risk-too-high = le risque global de réidentification est de { $measured } après suppression, au-dessus des { $allowed } que la politique permet
gate-unsupported-obligation = le flux porte l'obligation « { $kind } », que la passerelle ne peut pas exécuter sur les données : rien n'a été publié
gate-released = { $output } écrit : { $rows } lignes à partir de { $records } enregistrements
gate-dropped = colonnes retirées (hors des catégories permises) : { $columns }
gate-pseudonymized = colonnes pseudonymisées : { $columns }
gate-expired = enregistrements retirés car plus anciens que la durée de conservation : { $count }
gate-suppressed = valeurs de quasi-identifiants supprimées : { $count } sur { $total } ({ $share })
gate-cells = cellules : { $total }, supprimées car sous k : { $primary }, supprimées pour les protéger : { $secondary }
gate-measured-k = plus petit groupe : k = { $k }
gate-measured-risk = risque global de réidentification : { $risk }
gate-left = laissé au destinataire : { $obligations }
gate-nothing-written = rien n'a été écrit
gate-differencing = avec la publication antérieure { $earlier } ({ $time }) sur la même population, celle-ci révélerait la cellule [{ $cell }] : un effectif supprimé recalculé par soustraction, ou un groupe de moins de k personnes isolé par la différence
gate-register-corrupt = le fichier { $file } du registre des publications ne correspond pas à son empreinte enregistrée : il a été modifié ou endommagé, les publications antérieures ne peuvent donc pas être vérifiées
gate-registered = inscrit au registre des publications sous { $id }
gate-not-logged = l'exécution n'a pas pu être inscrite au journal des décisions ({ $error }) : rien n'a été publié
gate-attested-released = passerelle : données publiées ; entrée { $input }, sortie { $output }
gate-attested-refused = passerelle : rien n'a été publié ({ $code }) ; entrée { $input }

## Obligations à paramètres : k-anonymat et risque de réidentification.
obligation-k-anonymity = k-anonymat sur [{ $on }] avec k >= { $k }
obligation-k-anonymity-suppressing = k-anonymat sur [{ $on }] avec k >= { $k } en supprimant au plus { $share } des valeurs
obligation-reidentification-risk = risque de réidentification d'au plus { $max } sur [{ $on }]
# Cartographies : mots qui remplacent l'anglais dans le code Rust, et le projet d'AIPD
# (mandate audit --dpia).
map-no-rule-allows = (aucune règle ne l'autorise)
map-invalid-hop = (flux invalide)
map-question-any = toutes données
map-question-category = catégorie { $value }
map-question-to-kind = vers le type { $value }
map-question-to = vers { $value }
map-question-subject = personnes concernées { $value }
map-question-purpose = finalité { $value }
map-progress = états explorés
dpia-title = Analyse d'impact relative à la protection des données (projet) : { $map }
dpia-draft-note = Projet établi par mandate à partir de la cartographie des données au { $at }, jugée selon la politique { $policy }. Il contient ce que la cartographie sait ; un délégué à la protection des données doit le relire, répondre aux questions ouvertes à la fin et compléter les sections que la cartographie ne peut pas remplir avant toute signature.
dpia-col-section = Section
dpia-col-filled = D'après la cartographie
dpia-status-filled = remplie d'après la cartographie
dpia-status-partly = remplie en partie d'après la cartographie ; à compléter
dpia-status-not-filled = non remplie : la cartographie ne le sait pas
dpia-section-scope = Nécessité de l'analyse et périmètre
dpia-section-description = Description du traitement et des flux de données
dpia-section-consultation = Consultation des personnes concernées et des parties prenantes
dpia-section-necessity = Nécessité et proportionnalité
dpia-section-risks = Risques pour les personnes concernées
dpia-section-measures = Mesures pour faire face aux risques
dpia-section-signoff = Recommandations, approbation et réexamen
dpia-about-scope = Pourquoi l'analyse est faite et ce qu'elle couvre. La cartographie en donne la taille ci-dessous ; indiquez pourquoi une analyse est nécessaire (nouveau traitement, transferts importants ou répétés vers des partenaires, données sensibles, nouvelle technologie) et qui la mène.
dpia-about-description = Chaque opération de traitement : un jeu de données, où il est collecté, pour quelle finalité et sur quelle base, et chaque système, destinataire, pays et transfert que ses données atteignent, avec l'accord qui encadre chaque transfert.
dpia-about-consultation = Qui a été consulté (les personnes dont ce sont les données ou leurs représentants, les partenaires, le bureau de la protection des données) et ce qu'ils ont dit. La cartographie n'en contient rien.
dpia-about-necessity = Si chaque utilisation est nécessaire à la finalité et n'utilise pas plus de données qu'il ne faut. La cartographie liste les finalités pour lesquelles chaque jeu de données est utilisé ; leur nécessité et leur proportionnalité relèvent du jugement d'une personne.
dpia-about-risks = Les chemins que la politique n'autorise pas sont listés comme constats, chacun avec les règles et références qui le décident. La probabilité et la gravité d'un préjudice pour les personnes concernées ne figurent pas dans la cartographie et doivent être évaluées.
dpia-about-measures = Les obligations que la politique attache aux transferts autorisés sont les mesures déjà exigées. D'autres mesures (sécurité, formation, contrats) doivent être ajoutées.
dpia-about-signoff = Les recommandations, qui les approuve et quand l'analyse est réexaminée. La cartographie n'en contient rien.
dpia-scope-counts = La cartographie contient { $operations } opération(s) de traitement (jeux de données), dont les données circulent par { $transfers } transfert(s) vers { $recipients } destinataire(s) dans { $countries } pays ; { $findings } constat(s).
dpia-operation = Opération de traitement : { $dataset }
dpia-not-stated = non indiqué dans la cartographie
dpia-none = aucun
dpia-label-collected = Collecté dans
dpia-label-purpose = Finalité de la collecte
dpia-label-basis = Base légale
dpia-label-subjects = Personnes concernées
dpia-label-categories = Catégories de données
dpia-label-systems = Systèmes
dpia-label-recipients = Destinataires
dpia-label-countries = Pays
dpia-no-transfers = Ses données ne sont pas transférées.
dpia-col-transfer = Transfert
dpia-col-route = De → vers
dpia-col-purpose = Finalité
dpia-col-basis = Base
dpia-col-agreement = Accord
dpia-col-carries = Transmet
dpia-col-measure = Mesure
dpia-col-imposed-by = Exigée par
dpia-no-agreement = aucun
dpia-agreement = { $id } (en vigueur du { $from } au { $to } ; { $onward ->
    [yes] transfert ultérieur permis
   *[no] pas de transfert ultérieur
  })
dpia-basis-dataset = celle du jeu de données
dpia-purposes = { $dataset } est collecté pour { $purpose } et transféré pour : { $uses }.
dpia-no-findings = La politique autorise tous les chemins de la cartographie.
dpia-finding = Constat { $n } : { $dataset } par { $path }
dpia-label-outcome = Résultat
dpia-outcome = { $kind ->
    [forbidden] interdit par la politique
    [gap] non autorisé : un fait dont la politique a besoin manque
    [review_required] en attente d'une approbation nommée
    [not_permitted] non autorisé : aucune règle ne le permet
    [error] en erreur : la cartographie indique quelque chose que la politique ne sait pas lire
   *[other] non autorisé
  } ({ $paths } chemin(s))
dpia-label-reason = Pourquoi
dpia-label-rule = Règle
dpia-label-at = écrite en
dpia-label-cite = cite
dpia-no-measures = Les transferts autorisés ne comportent aucune obligation.
dpia-open-questions = Questions ouvertes pour le délégué à la protection des données
dpia-question-no-basis = Quelle est la base légale de la collecte de { $name } ? La cartographie n'en indique aucune.
dpia-question-no-subjects = À qui sont les données de { $name } ? La cartographie ne le dit pas : les règles propres à certains groupes n'ont pas pu s'appliquer.
dpia-question-no-agreement = Dans le cadre de quel accord { $name } est-il fait ? Il va vers une autre partie et la cartographie n'en nomme aucun.
dpia-question-unused-transfer = { $name } a-t-il encore lieu ? Aucune donnée de la cartographie ne passe par lui.
dpia-question-necessity = Chaque transfert est-il nécessaire à sa finalité, et moins de données (agrégats, pseudonymes) suffiraient-elles ?
dpia-question-retention = Combien de temps chaque destinataire conserve-t-il les données, et comment sont-elles effacées ?
dpia-question-likelihood = Pour chaque constat et chaque transfert, quelle est la probabilité et la gravité d'un préjudice pour les personnes concernées ?
dpia-question-security = Quelles mesures de sécurité protègent chaque système, et qui peut y accéder ?
dpia-question-rights = Comment les personnes concernées peuvent-elles être informées et exercer leurs droits d'accès, de rectification et d'opposition ?
dpia-question-consultation = Qui a été consulté, y compris les personnes concernées ou leurs représentants ?

## Noms déclarés (rôles, réponses)
problem-undeclared-role = `{ $name }` n'est pas un rôle d'approbation déclaré par cette politique : cette approbation ne peut donc pas compter{ $hint }
problem-undeclared-response = `{ $name }` n'est pas une réponse déclarée par cette politique{ $hint }
diff-declared-added = { $sort } `{ $name }` déclaré (« { $description } ») : les flux peuvent désormais le nommer
diff-declared-added-first = { $sort } `{ $name }` déclaré (« { $description } »), le premier de sa sorte : désormais, un flux qui nomme un autre { $sort } (un rôle d'approbation, une réponse) comporte une erreur, de même qu'une règle ou une partie qui en utilise un non déclaré
diff-declared-removed = { $sort } `{ $name }` n'est plus déclaré : un flux qui le nomme (une approbation par ce rôle, cette réponse) comporte désormais une erreur
diff-declared-removed-last = { $sort } `{ $name }` n'est plus déclaré, et aucun { $sort } ne l'est : les noms de cette sorte ne sont plus vérifiés, ni dans la politique ni dans les flux
diff-declared-redescribed = { $sort } `{ $name }` décrit à nouveau : « { $description } » (aucune décision ne change)

## Classifications de combinaisons
fact-sensitivity-combination = {" "}(classification de la réponse { $response }, entrée pour { $entry } ensemble : le flux les contient toutes)

## Pas de transfert ultérieur hors d'un périmètre
finding-upstream-obligation-scope = la règle { $rule } a autorisé l'étape précédente à condition qu'il n'y ait pas de transfert ultérieur { $scope ->
    [network] hors du réseau des parties marquées { $within }, et { $recipient } n'est pas marquée ainsi
   *[organisation] hors de l'organisation de { $received_by }, et { $recipient } n'en fait pas partie
}
obligation-no-onward-transfer-outside-organisation = pas de transfert ultérieur hors de l'organisation du destinataire
obligation-no-onward-transfer-outside-network = pas de transfert ultérieur hors du réseau { $network } (parties marquées ainsi)

## Exceptions aux vérifications intégrées
fact-check-exception-holds = l'exception prévue par la politique ({ $cite }) s'applique : { $facts }
fact-check-exception-fails = l'exception prévue par la politique ({ $cite }) ne s'applique pas : { $facts }
fact-check-exception-unknown = l'exception prévue par la politique ({ $cite }) ne peut pas être tranchée : { $facts }

## Conditions d'ensemble et flux sans données (`data any of`, `all of`, `none of`, `other than`)
fact-data-none = le flux ne transporte aucune catégorie de données
fact-data-some = le flux transporte des données ({ $data })
fact-subjects-none = le flux indique que ses données ne concernent personne
fact-subjects-some = le flux indique à qui se rapportent les données ({ $subjects })

## `mandate import fides` : un projet Fides (politiques, systèmes, jeux de données) en paquet
fides-yaml = { $file } : YAML invalide : { $detail }
fides-shape = { $file }, à { $key } : { $expected } attendu
fides-matches = { $file }, à { $key } : `matches` vaut « { $found } » ; Fides connaît ANY, ALL, NONE et OTHER
fides-unknown-dataset = { $file }, à { $key } : le jeu de données { $dataset } est cité mais aucun fichier ne le déclare ; ajoutez son fichier, ou retirez la référence
fides-duplicate-key = { $file } : { $key } est déclaré deux fois ; donnez à chaque ressource sa propre fides_key
fides-too-deep = { $file }, à { $key } : les champs du jeu de données sont imbriqués sur plus de { $max } niveaux
fides-empty = aucune politique ni aucun système Fides trouvé : donnez les fichiers qui contiennent `policy:` et `system:`
fides-expected-kinds = une table de types de ressources (`policy`, `system`, `dataset`)
fides-expected-list = une liste
fides-expected-fields = une table de champs
fides-expected-keys = une liste de clés
fides-expected-key = une `fides_key`
fides-expected-matches-values = `matches` et `values`
fides-expected-data-use = un `data_use`
fides-note-duplicate = { $file }, { $key } : { $value } figure deux fois ; il compte une fois
fides-needs-output = erreur : --project demande -o DOSSIER, le dossier du paquet à écrire
fides-wrote-pack = paquet { $folder } écrit ({ $flows } flux)

## L'atelier dans le navigateur (workbench/web) : les mots de la page
workbench-title = atelier mandate
workbench-subtitle = Rédigez une politique, essayez un flux, voyez pourquoi. Tout s'exécute dans cette page ; rien n'est envoyé nulle part.
workbench-language = Langue
workbench-example = Jeu de règles d'exemple
workbench-open-folder = Ouvrir un dossier de règles
workbench-save-pack = Enregistrer le jeu de règles (.tar)
workbench-files = Fichiers
workbench-editor = Éditeur de politique
workbench-editor-text = Texte du fichier ouvert
workbench-format = Mettre en forme ce fichier
workbench-diagnostics = Problèmes
workbench-no-problems = Aucun problème : le jeu de règles se compile.
workbench-apply-fix = Appliquer la correction
workbench-tab-flow = Flux
workbench-tab-tests = Tests
workbench-flow-example = Flux du jeu de règles
workbench-flow-form = Formulaire du flux
workbench-flow-json = Flux en JSON
workbench-flow-json-invalid = Ce n'est pas du JSON valide ; le formulaire montre le dernier flux valide.
workbench-field-id = Identifiant du flux
workbench-field-at = Quand (RFC 3339)
workbench-field-from = Expéditeur
workbench-field-to = Destinataire
workbench-field-data = Catégories de données
workbench-field-subjects = Personnes concernées
workbench-field-purpose = Finalité
workbench-field-collected-for = Collectées pour
workbench-field-basis = Base légale
workbench-field-consent = Consentement
workbench-field-consent-status = Statut
workbench-field-consent-purposes = Finalités consenties (séparées par des virgules)
workbench-field-consent-recipients = Destinataires consentis (séparés par des virgules)
workbench-field-consent-countries = Pays (codes ISO séparés par des virgules)
workbench-field-consent-given = Donné le
workbench-field-approvals = Approbations
workbench-field-approval-role = Rôle
workbench-field-approval-at = Donnée le
workbench-add-approval = Ajouter une approbation
workbench-remove = Retirer
workbench-none = (aucun)
workbench-decide = Décider
workbench-save-flow = Enregistrer le flux (.json)
workbench-decision = Décision
workbench-deciding-rules = Règles déterminantes
workbench-explanation = Explication
workbench-remedies = Remèdes
workbench-no-remedies = Aucun remède : le flux est autorisé, ou aucun changement à portée ne l'autorise.
workbench-apply-remedy = Appliquer ce remède
workbench-remedy-changes-policy = Ce remède modifie aussi les accords du jeu de règles ; la décision affichée suppose ce changement. Modifiez le jeu de règles pour l'opérer.
workbench-run-tests = Lancer les tests
workbench-tests-summary = réussis / échoués
workbench-coverage = Couverture
workbench-pack-has-errors = Le jeu de règles contient des erreurs : corrigez d'abord les problèmes listés sous l'éditeur.
workbench-no-such-remedy = Ce remède n'existe pas pour ce flux.
workbench-no-tests = Ce jeu de règles n'a pas de tests (flows/expected.json ou tests/*.json).
workbench-format-syntax = Le fichier ne s'analyse pas ; corrigez ses problèmes avant de le mettre en forme.
workbench-tab-diff = Modifications
workbench-diff-run = Comparer avec le jeu de règles enregistré
workbench-diff-classes = classes de flux décidées autrement que par le jeu de règles enregistré
workbench-saved-has-errors = Le jeu de règles enregistré contient des erreurs : il n'y a rien à quoi comparer.
workbench-loading = Chargement du moteur…
workbench-engine-failed = Le moteur n'a pas pu être chargé dans ce navigateur.
workbench-cli-written = atelier écrit ({ $count } fichiers) ; servez ce dossier en HTTP (ou utilisez `mandate serve`) et ouvrez { $page }
workbench-cli-no-engine = cette version de mandate n'a pas le moteur de l'atelier : la cible wasm32-unknown-unknown manquait à sa compilation ; ajoutez-la (`rustup target add wasm32-unknown-unknown`) puis recompilez avec `--features cli,workbench`

## Consentement et finalités compatibles (`consent extends to compatible purposes`)
fact-consent-covers-compatible = { $consent } ne couvre { $purpose } que parce que cette politique étend le consentement aux finalités compatibles ({ $cite }) : { $purpose } est déclarée compatible avec { $given_for }, pour laquelle il a été donné ; il couvre le destinataire et le pays
consent-gap-purpose-compatible-only = il a été donné pour { $given_for }, et { $purpose } est seulement déclarée compatible avec celle-ci : dans cette politique, le consentement ne couvre que les finalités pour lesquelles il a été donné et celles qui en relèvent, pas les finalités compatibles
diff-hashtag-added = l'étiquette HXL { $tag } correspond désormais à { $now } : un flux qui la nomme, ou qui nomme une étiquette portant tous ses attributs, est lu comme { $now }
diff-hashtag-removed = l'étiquette HXL { $tag } ne correspond plus à { $before } : un flux qui la nomme est une erreur de saisie, sauf si une étiquette déclarée moins précise la lit
diff-hashtag-moved = l'étiquette HXL { $tag } correspond désormais à { $now }, et non plus à { $before } : les flux qui la nomment portent d'autres données
diff-consent-extends-added = le consentement s'étend désormais aux finalités déclarées compatibles ({ $cite }) : un consentement donné pour une finalité couvre aussi les finalités déclarées compatibles avec elle
diff-consent-extends-removed = le consentement ne s'étend plus aux finalités déclarées compatibles : il ne couvre que les finalités pour lesquelles il a été donné et celles qui en relèvent
diff-consent-extends-recited = le consentement s'étend toujours aux finalités déclarées compatibles, en citant désormais { $cite } (aucune décision ne change)

## Obligations : garde des clés, pas de réidentification, AIPD
obligation-keys-held-by-sender = chiffrer avec des clés détenues par l'expéditeur seul : ni le destinataire ni un sous-traitant ne peuvent les détenir
obligation-no-reidentification = aucune tentative de réidentifier les personnes concernées par les données
obligation-dpia = une analyse d'impact relative à la protection des données (AIPD) est requise : { $reference }
fact-dpia-unstated = cette règle exige une analyse d'impact relative à la protection des données (AIPD), et le flux n'indique la référence d'aucune (`"dpia": {"{"}"ref": "…"{"}"}`) : on ne sait pas si elle a été faite

## Les classeurs (XLSX) de la passerelle de données et le chiffrement au repos (age).
gate-too-large = le fichier de données dépasse { $limit } octets, le maximum que la passerelle garde en mémoire pour un classeur ou une feuille : enregistrez le tableau en CSV, que la passerelle lit ligne par ligne
gate-unpacked-too-large = le classeur se décompresse en plus de { $limit } octets, le maximum que la passerelle décompresse : soit le tableau est très grand, et la passerelle le lit ligne par ligne une fois enregistré en CSV, soit l’archive est construite pour se décompresser sans fin, et elle n’est pas lue
gate-bad-workbook = le fichier commence comme un classeur XLSX mais ne peut pas être lu comme tel ({ $error }) : enregistrez-le à nouveau au format .xlsx depuis le tableur, ou en CSV
gate-no-sheet = le classeur n'a pas de feuille nommée « { $sheet } » ; ses feuilles sont : { $available }
gate-in-sheet = feuille « { $sheet } »{ $cell ->
    [none] {""}
   *[other] , cellule { $cell }
} : { $error }
gate-past-header = ligne { $row }, colonne { $column } : la cellule contient une valeur mais sa colonne n'a pas d'en-tête : donnez un en-tête à la colonne, ou videz la cellule
gate-cell-error = ligne { $row }, colonne { $column } ({ $header }) : la cellule contient l'erreur de tableur { $value }, dont la valeur est inconnue : corrigez la formule ou videz la cellule
gate-needs-feature = le fichier de données est au format { $format }, que cette version de mandate ne lit qu'avec la fonctionnalité `{ $feature }` : recompilez avec `cargo install --path . --features cli,{ $feature }` (ou `--features full`), ou enregistrez le tableau en CSV
gate-no-recipient = le flux doit être chiffré au repos et aucun destinataire n'a été donné : passez --recipient avec une clé publique age (age1…) ou --recipient-file avec un fichier de clés
gate-hash-failed = l'empreinte SHA-256 des données ou de la publication n'a pas pu être calculée : rien n'a été publié
gate-bad-recipient = « { $recipient } » n'est pas une clé publique age ({ $error }) : un destinataire commence par age1, tel que `age-keygen` l'affiche
gate-encrypted = chiffré au repos (age) pour : { $recipients }
gate-encryption-needs-feature = la publication doit être chiffrée au repos (ou des destinataires ont été donnés), et cette version de mandate ne chiffre qu'avec la fonctionnalité `{ $feature }` : recompilez avec `cargo install --path . --features cli,{ $feature }` (ou `--features full`)

## Remèdes et couverture des constructions récentes du langage (référence d'AIPD, consentement par finalités compatibles, exceptions).
remedy-state-dpia = indiquer la référence de l'analyse d'impact relative à la protection des données (AIPD) sur laquelle repose ce transfert (`"dpia": {"{"}"ref": "…"{"}"}`) ; si aucune n'a été faite, en mener une d'abord
test-coverage-consent-extends = le consentement s'étend aux finalités compatibles ({ $cite })
test-coverage-consent-through-compatible = le consentement atteint une finalité compatible
map-dpia-blank = { $owner } indique une AIPD dont la référence est vide : donnez la référence de l'analyse (`dpia = {"{"} ref = "DPIA-…" {"}"}`), ou retirez `dpia` si le transfert n'en invoque aucune
test-coverage-check-exception = exception à { $check } ({ $cite })
test-coverage-exception-lifts = l'exception lève le contrôle
test-coverage-exception-does-not-lift = l'exception ne s'applique pas là où le contrôle échoue

## Fichiers et dossiers que la ligne de commande n'a pas pu lire ou écrire
file-error = erreur : { $path } : { $what }
file-not-found = aucun fichier ni dossier de ce nom
file-permission-denied = accès refusé ; vérifiez qui peut le lire ou l'écrire
file-is-a-folder = c'est un dossier ; indiquez un fichier
file-not-a-folder = une partie de ce chemin est un fichier, pas un dossier
file-already-exists = il existe déjà ; choisissez un autre nom ou supprimez-le d'abord
file-not-utf8 = ce n'est pas du texte UTF-8 ; enregistrez-le en UTF-8
file-storage-full = le disque est plein ; rien n'a été écrit
file-read-only = le système de fichiers est en lecture seule ; écrivez ailleurs
file-other = { $detail }

## Les fichiers Parquet et Arrow IPC de la passerelle de données.
gate-in-table = le fichier { $format }{ $unit ->
    [group] , groupe de lignes { $part }
    [batch] , lot d’enregistrements { $part }
   *[none] {""}
} : { $error }
gate-bad-table = le fichier commence comme un fichier { $format } mais ne peut pas être lu comme tel ({ $error }) : écrivez-le à nouveau depuis le programme qui l’a produit, ou enregistrez le tableau en CSV
gate-unsupported-type = la colonne { $column } ({ $header }) contient des valeurs de type { $type }, que la passerelle ne convertit pas en texte : elle lit le texte, les nombres, les booléens, les dates, les heures, les horodatages et les décimaux ; convertissez la colonne en l’un de ces types, ou retirez-la du fichier
gate-output-needs-feature = la publication doit être écrite en { $format }, que cette version de mandate n’écrit qu’avec la fonctionnalité `{ $feature }` : recompilez avec `cargo install --path . --features cli,{ $feature }` (ou `--features full`), ou écrivez la publication en CSV (`--output-format csv`)
gate-refused-undecided = la passerelle de données a refusé avant de décider du flux ({ $code }) : rien n'a été publié

## Audit de cartographie : temps écoulé par phase (`audit --timings`, `reach --timings`)
map-timing = durée { $phase } : { $seconds } s
map-timing-total = durée totale : { $seconds } s sur { $threads } fil(s) d'exécution

## Ligne de commande : préfixes, erreurs, avancement et bilans (src/cli)
cli-error = erreur : { $message }
cli-error-code = erreur[{ $code }] : { $message }
cli-warning = avertissement : { $message }
cli-note = remarque : { $message }
file-trouble = { $path } : { $what }
cli-wrote = { $path } écrit
cli-needs-feature = erreur : { $what } demande la fonctionnalité `{ $feature }`, et cette version de mandate a été compilée sans elle
cli-needs-feature-install = aide : depuis le dépôt, installez une version qui l'inclut : `cargo install --path . --features cli,{ $feature }` (ou `--features full` pour tout inclure)
cli-needs-feature-run = aide : ou lancez-la sur place avec `cargo run --features cli,{ $feature } -- …`
cli-feature-check-plugin = décider avec un plugin (`check --plugin`)
cli-feature-compile-wasm = écrire un plugin WASM (`compile --wasm`)
cli-feature-serve = `mandate serve` (le service de décision HTTP)
cli-feature-workbench = `mandate workbench` (l'atelier de politiques dans le navigateur)
cli-compile-wasm-target = aide : cette version demande aussi la cible wasm32-unknown-unknown : `rustup target add wasm32-unknown-unknown`
cli-compile-binary-to-terminal = un plugin est un fichier binaire ; écrivez-le dans un fichier avec -o FICHIER.wasm
cli-compile-unserialisable = impossible de sérialiser la politique : { $error }
cli-compile-wrote = { $path } écrit ({ $bytes } octets, politique { $hash })
cli-policy-does-not-compile = la politique { $path } ne se compile pas ; aucune décision n'a été prise
cli-lint-does-not-compile = la politique { $path } ne se compile pas ; corrigez-la avant l'analyse
cli-lint-not-a-date = `{ $text }` n'est pas une date ; écrivez AAAA-MM-JJ
cli-lint-summary = { $path } : analyse de « { $policy } » au { $today } : { $errors } erreur(s), { $warnings } avertissement(s)
cli-map-has-problems = la cartographie { $map } présente { $count } problème(s) ; aucun audit n'a été fait
cli-threads-not-started = impossible de démarrer { $threads } fils d'exécution : { $error }
cli-dot-missing = --svg demande le programme `dot` de Graphviz, introuvable dans le PATH : installez Graphviz (par exemple `apt-get install graphviz`), ou écrivez le DOT avec `--format dot` et faites-en le rendu ailleurs
cli-dot-not-run = impossible de lancer `dot` (Graphviz) : { $error }
cli-dot-not-written = impossible d'écrire vers `dot` (Graphviz) : { $error }
cli-dot-failed = `dot` (Graphviz) a échoué : { $error }
cli-dpia-not-written = impossible d'écrire l'AIPD dans { $path } : { $error }
cli-shadow-log-not-opened = impossible d'ouvrir le journal des désaccords de la politique fantôme : { $error }
cli-log-not-opened = impossible d'ouvrir le journal des décisions : { $error }
cli-plugin-broken = { $path } : { $error } ; tous les flux sont refusés
cli-not-logged = la décision n'a pas pu être consignée au journal : { $error }
cli-flow-unreadable = impossible de lire le flux : { $error }
cli-line-unreadable = ligne { $line } : { $error }
cli-check-line = ligne { $line }
cli-not-logged-detail = la décision n'a pas pu être consignée au journal ({ $error })
cli-line-allow = autorisé
cli-line-deny = refusé
cli-line-review = à examiner
cli-line-with-kind = { $verdict } ({ $kind })
cli-fmt-too-deep = plus de { $max } niveaux de dossiers ; mettez en forme un dossier plus proche des paquets
cli-fmt-not-utf8 = { $path } : ce n'est pas du texte UTF-8 ; les fichiers de politique sont en UTF-8
cli-fmt-does-not-parse = { $path } ne s'analyse pas, il n'a donc pas été mis en forme ; corrigez-le d'abord
cli-fmt-unsafe = { $path } : { $why } ; le fichier a été laissé tel quel
fmt-unsafe-tokens = la mise en forme changerait les éléments de ce fichier
fmt-unsafe-parse = le fichier mis en forme ne serait plus lisible par le compilateur
cli-fmt-would-reformat = { $path } serait remis en forme
cli-fmt-formatted = { $path } remis en forme
cli-fmt-summary = { $changed } fichier(s) sur { $count } seraient remis en forme ; lancez `mandate fmt` dessus
cli-init-name = --name : { $error }
cli-init-name-empty = le nom est vide
cli-init-name-unsafe = le nom ne peut contenir ni guillemets, ni barres obliques inverses, ni sauts de ligne
cli-init-not-empty = le dossier n'est pas vide ; `mandate init` écrit un nouveau paquet dans un dossier nouveau ou vide
cli-init-wrote = paquet de politique de départ écrit dans { $dir } ({ $count } fichiers)
cli-init-next = ensuite :
cli-init-then = puis modifiez { $dir }/main.policy et { $dir }/rules.policy ; { $dir }/README.md explique comment
# The address comes last, alone: scripts and tests read it from the end of the line.
cli-serve-listening = mandate serve : à l'écoute sur http://{ $addr }
cli-test-not-a-number = `{ $text }` n'est pas un nombre ; indiquez un pourcentage, par exemple 90
cli-test-out-of-range = `{ $text }` n'est pas compris entre 0 et 100
cli-validate-no-policy = { $path } : aucun fichier `.policy` dans ce dossier ni en dessous
cli-validate-ok = { $path } : valide : « { $policy } » — { $categories } catégories, { $subjects } catégories de personnes, { $purposes } finalités, { $kinds } types de partie, { $parties } parties, { $agreements } accords, { $rules } règles{ $warnings ->
    [0] {""}
   *[other] , { $warnings } avertissement(s)
}
cli-validate-failed = { $path } : { $errors } erreur(s), { $warnings } avertissement(s)

## Fichiers de cartographie des données illisibles ou incohérents (audit, reach)
map-error = { $at } : { $message }
map-owner-dataset = le jeu de données `{ $name }`
map-owner-transfer = le transfert `{ $name }`
map-too-large = la cartographie fait { $bytes } octets ; au plus { $max } sont acceptés
map-not-utf8 = la cartographie n'est pas du texte UTF-8 ; enregistrez-la en UTF-8
map-unreadable = { $detail }
map-syntax = { $detail }
map-bad-time = `at = "{ $at }"` n'est pas une date-heure : écrivez-la au format RFC 3339 (2026-03-01T00:00:00Z) ou comme une date (2026-03-01)
map-duplicate-system = le système `{ $name }` est déclaré deux fois
map-duplicate-dataset = le jeu de données `{ $name }` est déclaré deux fois
map-unknown-party = le système `{ $system }` désigne la partie inconnue `{ $party }` : la politique ne déclare aucune partie de ce nom{ $hint }
map-unknown-term = { $owner } désigne une { $sort } inconnue : `{ $name }`{ $hint }
map-unmapped-hashtag = { $owner } désigne l'étiquette HXL `{ $tag }`, qu'aucune catégorie de la politique ne reprend : associez-la avec `hxl "{ $tag }" for CATÉGORIE` dans la politique, ou nommez la catégorie
map-unknown-system = { $owner } désigne le système inconnu `{ $name }` : la cartographie ne déclare aucun système de ce nom{ $hint }
map-unknown-dataset = { $owner } désigne le jeu de données inconnu `{ $name }` : la cartographie ne déclare aucun jeu de données de ce nom{ $hint }
map-no-category = { $owner } n'indique aucune catégorie de données
map-unknown-agreement = { $owner } désigne l'accord inconnu « { $agreement } »{ $hint }
map-agreement-does-not-bind = { $owner } : l'accord « { $agreement } » ne lie pas { $from } → { $to }
map-query-unknown-term = { $flag } : { $sort } inconnue : `{ $name }`{ $hint }
map-query-unknown-party = { $flag } : partie inconnue : `{ $name }`{ $hint }

## Diagnostics : ce que le compilateur, le chargeur et l'analyse (lint) trouvent à redire
## dans une politique, avec l'endroit (étiquettes), la correction probable (aide) et le
## contexte (remarques). Noms, chemins et mots-clés sont repris tels qu'écrits ; `{ $code }`
## est le point de code hexadécimal d'un caractère.

diag-help-line = aide : { $text }
diag-note-line = remarque : { $text }
diag-either = { $first } ou { $last }
diag-too-large = ce fichier fait { $size } octets ; un fichier de politique ne peut dépasser { $max } octets
diag-label-file-starts = début du fichier
diag-help-split-file = répartissez la politique en plusieurs fichiers dans le même dossier
diag-not-utf8 = ce fichier n'est pas du texte UTF-8 (octet invalide à la position { $offset })
diag-help-save-utf8 = enregistrez le fichier en UTF-8 ; un fichier de politique est du texte brut
diag-label-not-utf8 = pas de l'UTF-8
diag-empty-file = ce fichier ne déclare rien
diag-label-empty = vide
diag-help-empty-file = commencez par `policy "Nom" version "…"` ou `vocabulary "nom"`, ou supprimez le fichier
diag-unexpected = élément inattendu : { $found }
diag-expected = il faudrait ici { $expected }, et non { $found }
diag-unexpected-here = élément inattendu à cet endroit : { $found }
diag-label-here = ici
diag-found-end = la fin du fichier
diag-found-curly-quote = un guillemet typographique `{ $quote }` (U+{ $code })
diag-found-character = le caractère U+{ $code }
diag-found-token = `{ $token }`
diag-expected-end = la fin du fichier
diag-expected-declaration = une déclaration
diag-expected-name = un nom
diag-expected-string = un texte entre guillemets
diag-expected-number = un nombre entier
diag-expected-date = une date (AAAA-MM-JJ)
diag-expected-condition = une condition
diag-expected-period = une durée (`30 days`, `6 months`, `5 years`)
diag-expected-comparison = une comparaison (`at least`, `at most`, `above`, `below`, `is`)
diag-expected-sender-or-recipient = `sender` ou `recipient`
diag-expected-obligation = une obligation
diag-expected-percentage = un pourcentage (`3%`, `2.5%`)
diag-expected-outside = `outside organisation` ou `outside network …`
diag-expected-between-or-from = `between` ou `from`
diag-expected-set-match = `any of`, `all of`, `none of` ou `other than`
diag-expected-keyword = `{ $word }`
diag-help-curly-quote = les textes d'une politique s'écrivent entre guillemets droits "…" ; le texte vient-il d'un traitement de texte ?
diag-help-role-without-quotes = un rôle s'écrit sans guillemets, en un seul mot : `{ $example }`
diag-help-name-without-quotes = un nom s'écrit sans guillemets, en un seul mot : `{ $example }`
diag-help-join-with-and = vouliez-vous écrire `and { $word } …` ? les conditions se relient par `and` ou `or`
diag-help-name-is-one-word = un nom s'écrit en un seul mot : vouliez-vous écrire `{ $previous }_{ $word }` ? (un terme plus précis s'écrit avec un point : `{ $previous }.{ $word }`)
diag-help-reserved-word = `{ $word }` est un mot réservé et ne peut pas servir de nom
diag-help-lower-case = écrivez `{ $word }` en minuscules
diag-help-when-not-if = une règle s'écrit avec `when`, pas avec `if`
diag-help-did-you-mean = vouliez-vous dire `{ $name }` ?
diag-help-unless-not-except = une exception s'écrit avec `unless`
diag-help-comments = un commentaire commence par `#`
diag-help-double-quotes = un texte s'écrit entre guillemets doubles : "…"
diag-help-line-has-curly-quote = cette ligne contient un guillemet typographique `{ $quote }` (U+{ $code }) : { $advice }
diag-help-close-string = ajoutez un `"` fermant avant la fin de la ligne
diag-unterminated-string = ce texte entre guillemets n'est jamais fermé
diag-label-opening-quote = guillemet ouvrant
diag-too-deep = les parenthèses (ou les `not`) sont imbriquées sur plus de { $max } niveaux
diag-label-too-deep = trop profond ici
diag-help-too-deep = répartissez la condition sur plusieurs règles, ou retirez les parenthèses superflues
diag-internal = impossible de lire { $what } à cet endroit
diag-label-unexpected-shape = forme inattendue
diag-note-parser-bug = c'est une erreur de l'analyseur de mandate ; merci de la signaler en joignant ce fichier
diag-part-term-attribute = un attribut de terme
diag-part-party-attribute = un attribut de partie
diag-part-agreement-attribute = un attribut d'accord
diag-part-declaration = une déclaration
diag-part-rule-clause = une clause de règle
diag-part-condition = une condition
diag-part-obligation = une obligation
diag-note-unknown-names-hidden = { $count ->
    [one] { $count } erreur sur des noms inconnus n'est pas affichée : elle découle probablement de celle-ci ; corrigez-la et relancez
   *[other] { $count } erreurs sur des noms inconnus ne sont pas affichées : elles découlent probablement de celle-ci ; corrigez-la et relancez
}
diag-use-too-deep = les `use` s'enchaînent sur plus de { $max } fichiers (un fichier qui utilise un fichier qui utilise …)
diag-help-use-too-deep = faites utiliser les fichiers par un seul fichier plutôt que les uns par les autres en chaîne
diag-link-outside = { $path } est un lien vers un fichier hors de son dossier ; il n'a pas été lu
diag-help-copy-file = copiez le fichier dans le paquet (ou dans le dossier du vocabulaire) au lieu d'y faire un lien
diag-label-leads-outside = ce fichier mène hors de son dossier
diag-help-use-relative-in-pack = les chemins de `use` partent du fichier qui les écrit et restent dans son paquet ; pour partager des fichiers entre paquets, faites-en un vocabulaire (`use vocabulary "nom"`)
diag-use-absolute = `use` ne peut pas désigner le chemin absolu « { $name } »
diag-label-absolute = un chemin absolu
diag-use-not-policy = « { $name } » n'est pas un fichier de politique : `use` ne lit que les fichiers `.policy`
diag-label-not-policy = pas un fichier `.policy`
diag-help-name-policy-file = indiquez un fichier de politique, par exemple `use "shared/parties.policy"`
diag-use-climbs-out = `use "{ $name }"` mène hors du dossier de son paquet
diag-label-climbs-out = `..` remonte hors du dossier du paquet
diag-use-not-found = fichier « { $name } » introuvable
diag-label-looked-for = cherché à l'emplacement { $path }
diag-help-use-relative = les chemins de `use` partent du fichier qui les écrit
diag-vocabulary-is-path = le vocabulaire « { $name } » est désigné par un chemin
diag-label-path-not-folder = un chemin, pas un nom de dossier
diag-help-vocabulary-folder = indiquez seulement le nom du dossier du vocabulaire (`use vocabulary "humanitarian"`) ; placez-le à côté du paquet ou indiquez son dossier parent avec `--lib`
diag-help-did-you-mean-quoted = vouliez-vous dire « { $name } » ?
diag-help-vocabulary-elsewhere = un vocabulaire « { $name } » se trouve dans { $lib } : ajoutez `--lib { $lib }` (ou définissez MANDATE_PATH={ $lib })
diag-help-vocabulary-where = placez le dossier du vocabulaire dans ce paquet ou à côté, ou indiquez le dossier qui le contient avec `--lib DOSSIER` ou MANDATE_PATH (les vocabulaires fournis se trouvent dans le dossier `policies` du dépôt)
diag-vocabulary-not-found = vocabulaire « { $name } » introuvable
diag-label-no-such-folder = aucun dossier de ce nom à côté du paquet ni dans la bibliothèque
diag-vocabulary-link-outside = le dossier de vocabulaire { $path } est un lien vers un dossier hors de la bibliothèque ; il n'a pas été lu
diag-label-vocabulary-leads-outside = ce vocabulaire mène hors de son dossier de bibliothèque
diag-help-copy-vocabulary = copiez le dossier du vocabulaire dans la bibliothèque au lieu d'y faire un lien, ou indiquez son vrai dossier parent avec `--lib`
diag-sort-category = catégorie de données
diag-sort-subject = personne concernée
diag-sort-purpose = finalité
diag-sort-kind = type de partie
diag-sort-role = rôle d'approbation
diag-sort-response = réponse
diag-sort-flag = marque de partie
diag-sort-dimension = dimension d'agrégation
diag-duplicate = le nom `{ $name }` ({ $what }) est déclaré deux fois
diag-label-declared-again = déclaré une deuxième fois ici
diag-label-first-declared = première déclaration
diag-help-duplicate = supprimez l'une des déclarations, ou donnez-leur des noms différents
diag-help-declare-it = déclarez-le avec `{ $keyword } { $name }`, ou vérifiez l'orthographe
diag-unknown-name = nom inconnu `{ $name }` (on attend ici : { $what })
diag-label-not-declared = ce nom n'est pas déclaré ({ $what })
diag-no-policy-header = ce paquet n'a pas d'en-tête `policy`
diag-label-no-policy-line = aucun fichier du paquet n'a de ligne `policy "…"`
diag-help-add-policy-header = commencez l'un des fichiers du paquet par `policy "Nom" version "…"`
diag-note-named-after-vocabulary = sans cet en-tête, le paquet prend le nom du vocabulaire « { $vocabulary } » qu'il utilise
diag-decl-party = une partie
diag-decl-agreement = un accord
diag-decl-classification = une classification
diag-decl-rule = une règle
diag-decl-use-file = un `use` de fichier de politique
diag-decl-check-cite = la citation d'un contrôle intégré
diag-decl-consent-extends = la portée du consentement
diag-decl-declared = un rôle, une réponse, une marque ou une dimension
diag-not-in-vocabulary = un fichier de vocabulaire ne peut pas déclarer { $what }
diag-label-not-vocabulary-term = pas un terme de vocabulaire
diag-label-shared-vocabulary = ce fichier est un vocabulaire partagé
diag-help-move-to-policy = déplacez-le dans un fichier de politique qui indique `use vocabulary "…"`
diag-no-name = cette politique a des règles mais pas de nom
diag-help-name-policy = commencez l'un de ses fichiers par `policy "Nom" version "…"`
diag-named-twice = ce paquet de politique est nommé deux fois
diag-label-second-header = deuxième en-tête `policy`
diag-label-first-named = premier nom donné ici
diag-help-one-header = gardez l'en-tête `policy "…"` dans un seul fichier du paquet
diag-sort-hashtag = hashtag HXL
diag-help-use-replacement = utilisez plutôt `{ $name }`, qui le remplace
diag-help-use-current-term = son vocabulaire le marque `deprecated` : utilisez un terme en vigueur
diag-deprecated-term = `{ $name }` ({ $what }) est obsolète
diag-label-deprecated = marqué obsolète dans son vocabulaire
diag-wrong-sort = `{ $name }` est de type « { $is } », alors qu'il faut ici un nom de type « { $expected } »
diag-label-expected-sort = type attendu : { $what }
diag-label-declared-as = déclaré ici avec le type « { $what } »
diag-too-many-terms = le vocabulaire de type « { $what } » déclare { $count } termes ; un vocabulaire en compte au plus { $max }
diag-help-split-vocabulary = divisez le vocabulaire, ou ne déclarez que les termes utilisés par la politique
diag-label-one-too-many = un de trop
diag-help-parent-did-you-mean = vouliez-vous dire `{ $close }` ? sinon, déclarez d'abord `{ $keyword } { $parent }`
diag-help-declare-parent = déclarez d'abord `{ $keyword } { $parent }`
diag-missing-parent = le parent `{ $parent }` de `{ $name }` ({ $what }) n'est pas déclaré
diag-label-parent-not-declared = ce parent n'est pas déclaré
diag-cycle = la hiérarchie de type « { $what } » tourne en boucle : { $cycle }
diag-is-under = est sous
diag-help-cycle = un terme ne peut pas se trouver sous lui-même (directement ou non) ; supprimez l'un des liens `under` de la boucle
diag-label-in-loop = ce terme fait partie de la boucle
diag-term-too-deep = `{ $name }` ({ $what }) se trouve à plus de { $max } niveaux sous la racine de sa hiérarchie
diag-help-term-too-deep = une hiérarchie compte au plus { $max } niveaux : rattachez ce terme (avec `under`) à un terme plus proche de la racine
diag-attribute-twice = `{ $key }` est indiqué deux fois pour `{ $name }`
diag-label-given-again = indiqué une deuxième fois ici
diag-label-first-given = première indication
diag-help-keep-one = ne gardez qu'un seul `{ $key }`
diag-only-categories = seules les catégories de données peuvent avoir `{ $key }` ; `{ $name }` est de type « { $what } »
diag-label-not-allowed = pas permis ici
diag-help-remove-or-category = supprimez `{ $key }`, ou déclarez plutôt une `category`
diag-help-levels = utilisez l'un des niveaux `low`, `moderate`, `high`, `severe` (niveaux du IASC)
diag-unknown-level = niveau de sensibilité inconnu : `{ $level }`
diag-label-not-level = pas un niveau de sensibilité
diag-bad-hashtag = `{ $tag }` n'est pas un hashtag HXL
diag-label-bad-hashtag = hashtag mal formé
diag-help-hashtag = un hashtag HXL s'écrit comme "#geo+lat" : `#`, une étiquette en minuscules, puis des `+attribut`
diag-sort-party = partie
diag-sort-agreement = accord
diag-sort-classification = classification de réponse
diag-sort-classification-entry = entrée de classification pour
diag-sort-combination = entrée de classification pour la combinaison
diag-and = et
diag-kind-not-party = `{ $name }` est un type de partie, alors qu'il faut ici une partie nommée
diag-label-expected-party = une partie est attendue
diag-help-declare-party = déclarez la partie, par exemple `party my_partner kind { $kind }`, puis nommez-la ici
diag-attribute-missing = il manque { $what } pour `{ $name }`
diag-label-attribute-missing = il manque { $what }
diag-help-add = ajoutez `{ $example }`
diag-attr-kind = le type
diag-attr-jurisdiction = la juridiction
diag-attr-purposes = les finalités
diag-attr-data = les données couvertes
diag-attr-valid = la période de validité
diag-help-party-kind = une partie indique son type juste après son nom : `party { $name } kind { $kind } jurisdiction "KE"`
diag-note-party-kinds = les types de partie se déclarent avec `party kind …`, dans ce paquet ou dans le vocabulaire qu'il utilise
diag-help-capitals = écrivez-la en majuscules : "{ $code }"
diag-help-iso-code = utilisez un code de pays ISO 3166-1 alpha-2, par exemple "KE" pour le Kenya ou "CH" pour la Suisse
diag-unknown-jurisdiction = juridiction inconnue : « { $code } »
diag-label-not-iso = pas un code ISO 3166-1 alpha-2
diag-suspension-reversed = la suspension de l'accord « { $agreement } » se termine ({ $to }) avant de commencer ({ $from })
diag-label-suspension-reversed = la suspension se termine avant de commencer
diag-help-suspension-reversed = vouliez-vous écrire `suspended from { $to } to { $from }` ?
diag-suspension-no-reason = la suspension de l'accord « { $agreement } » n'indique pas son motif
diag-label-no-because = pas de `because`
diag-help-because = indiquez le motif, pour la personne dont le transfert sera refusé : ajoutez `because "…"` après les dates
diag-suspension-no-cite = la suspension de l'accord « { $agreement } » ne cite aucune décision
diag-label-no-cite = pas de `cite`
diag-help-suspension-cite = citez la décision sur laquelle elle repose : ajoutez `cite "…"` après le motif
diag-help-end-before-suspension = faites finir l'accord avant la suspension : `valid { $from } to { $end }`, ou faites commencer la suspension le { $start }
diag-help-start-after-suspension = faites commencer l'accord après la suspension, ou faites finir la suspension avant le { $from }
diag-suspended-while-valid-until = l'accord « { $agreement } » est suspendu du { $suspended } au { $until } alors qu'il est en vigueur (du { $from } au { $to })
diag-suspended-while-valid = l'accord « { $agreement } » est suspendu à partir du { $suspended } alors qu'il est en vigueur (du { $from } au { $to })
diag-label-overlaps-validity = chevauche la période de validité
diag-note-suspension = une suspension marque une période sans l'accord (sa fin, ou une période qui le précède, voulue) ; elle ne peut pas tomber pendant sa validité
diag-date-no-month = il n'y a pas de mois { $month }
diag-month = { $month ->
    [1] janvier
    [2] février
    [3] mars
    [4] avril
    [5] mai
    [6] juin
    [7] juillet
    [8] août
    [9] septembre
    [10] octobre
    [11] novembre
   *[12] décembre
}
diag-date-days-in-month = { $month } { $year } compte { $days } jours
diag-date-out-of-range = elle est hors limites
diag-date-format = une date s'écrit AAAA-MM-JJ
diag-bad-date = `{ $date }` n'est pas une date : { $reason }
diag-label-not-date = pas une date du calendrier
diag-help-date = écrivez les dates sous la forme AAAA-MM-JJ, par exemple 2026-12-31
diag-self-agreement = l'accord « { $agreement } » nomme `{ $name }` deux fois
diag-label-named-again = nommé une deuxième fois
diag-help-other-party = un accord lie des parties différentes ; nommez l'autre partie
diag-agreement-reversed = l'accord « { $agreement } » se termine ({ $to }) avant de commencer ({ $from })
diag-label-validity-reversed = la période de validité se termine avant de commencer
diag-help-validity-reversed = vouliez-vous écrire `valid { $to } to { $from }` ?
diag-help-onward-words = écrivez `onward transfer allowed` ou `onward transfer forbidden`
diag-bad-onward = `onward transfer { $word }` n'est pas une clause qu'un accord peut fixer
diag-label-allowed-or-forbidden = `allowed` ou `forbidden` attendu
diag-nested-combination = `{ $a }` et `{ $b }` sont la même catégorie, ou l'une est incluse dans l'autre
diag-label-already-covered = déjà couverte par l'autre
diag-label-named-here = nommée ici
diag-help-combination = une combinaison s'applique quand chacune de ses catégories est présente ; nommez seule la plus précise, ou classez-la avec `… is NIVEAU` sur une ligne à part
diag-sort-kind-or-party = type de partie ou partie
diag-clause-twice = la règle « { $rule } » a deux clauses `{ $key }`
diag-label-second-clause = deuxième clause
diag-label-first-clause = première clause
diag-help-join-conditions = réunissez les deux conditions avec `and` ou `or` dans un seul `{ $key }`
diag-help-one-require = énumérez toutes les obligations dans un seul `require`, séparées par des virgules
diag-no-obligations = une règle `{ $effect }` ne peut pas imposer d'obligations
diag-label-obligations-allowed-only = les obligations ne portent que sur des flux autorisés
diag-help-move-obligations = placez les obligations dans une règle `allow`, ou écrivez une règle `require` distincte
diag-approval-not-review = seule une règle `review` désigne une approbation, pas une règle `{ $effect }`
diag-help-approved-by = pour autoriser un flux une fois approuvé, écrivez `approved by RÔLE` dans sa condition
diag-no-when = la règle « { $rule } » n'a pas de condition `when`
diag-label-no-when = n'indique pas quand elle s'applique
diag-help-add-when = ajoutez `when …` ; pour une règle qui s'applique toujours, écrivez `when true`
diag-no-approver = la règle d'examen « { $rule } » n'indique pas qui approuve
diag-label-no-approver = pas d'approbateur
diag-help-add-approval = ajoutez `approval by dpo` (ou le rôle qui doit approuver)
diag-no-obligation = la règle d'obligation « { $rule } » n'impose aucune obligation
diag-label-nothing-required = rien d'exigé
diag-help-add-require = ajoutez par exemple `require encrypt in_transit`
diag-no-cite = la règle « { $rule } » ne cite aucune source
diag-help-add-cite = ajoutez `cite "…"` en indiquant l'instrument et l'article que cette règle traduit
diag-help-bases = les bases légales sont { $bases }
diag-unknown-basis = base légale inconnue : `{ $basis }`
diag-label-not-basis = pas une base légale
diag-help-records-words = écrivez `records collected`, `records closed` ou `records updated`
diag-bad-records = `records { $word }` ne désigne pas une date des dossiers
diag-label-records-words = `collected`, `closed` ou `updated` attendu
diag-help-units = écrivez un nombre de `days`, `months` ou `years`
diag-bad-unit = `{ $word }` n'est pas une unité de temps
diag-label-units = `days`, `months` ou `years` attendu
diag-what-days = le nombre de jours
diag-what-months = le nombre de mois
diag-what-years = le nombre d'années
diag-what-cell-size = la plus petite taille de cellule `k`
diag-what-retention = la durée de conservation en jours
diag-what-class-size = la plus petite taille de classe `k`
diag-what-suppressed = la part de valeurs qui peuvent être supprimées
diag-what-risk = le seuil de risque de réidentification
diag-number-out-of-range = { $what } : la valeur doit être comprise entre { $min } et { $max }, et non { $value }
diag-label-out-of-range = hors limites
diag-help-number-range = indiquez un nombre de { $min } à { $max }
diag-help-percent-range = indiquez un pourcentage de { $min } à { $max }, avec au plus deux décimales (`2.5%`)
diag-help-encrypt-words = écrivez `encrypt at_rest` ou `encrypt in_transit`
diag-bad-encrypt = `encrypt { $word }` n'est pas une obligation de chiffrement
diag-label-encrypt-words = `at_rest` ou `in_transit` attendu
diag-help-keys-held = écrivez `encryption keys held by sender` : que le destinataire détienne les clés, c'est ce que signifie un chiffrement sans cette obligation
diag-bad-key-custody = `encryption keys held by { $word }` n'est pas une obligation de garde des clés
diag-label-expected-sender = `sender` attendu
diag-empty-cite = cette citation est vide
diag-label-empty-cite = citation vide
diag-help-consent-cite = citez l'instrument et l'article qui permettent d'étendre le consentement
diag-consent-extends-no-cite = étendre le consentement aux finalités compatibles exige une citation
diag-help-consent-extends-cite = ajoutez `cite "…"` en indiquant l'instrument qui permet au consentement de couvrir des finalités compatibles, par exemple `consent extends to compatible purposes cite "DPP §6.3"`
diag-consent-extends-twice = le paquet indique deux fois que le consentement s'étend aux finalités compatibles
diag-label-said-again = indiqué une deuxième fois ici
diag-label-first-said = première indication
diag-help-keep-one-shared = n'en gardez qu'une (les fichiers d'un paquet la partagent)
diag-consent-extends-nothing = le consentement s'étend aux finalités compatibles, mais le paquet n'en déclare aucune : cette ligne ne change rien
diag-label-extends-nothing = n'étend le consentement à aucune finalité
diag-help-declare-compatible = déclarez `compatible NOUVELLE with INITIALE` pour les finalités que le consentement doit aussi couvrir, ou supprimez cette ligne
diag-empty-response = le nom d'une réponse ne peut pas être vide
diag-label-empty-name = nom vide
diag-help-response-name = écrivez la réponse telle que les flux l'indiquent dans `context.response`
diag-no-description = `{ $name }` ({ $what }) n'a pas de description
diag-label-no-description = pas de description
diag-help-description = indiquez ce qu'il signifie, par exemple `{ $keyword } { $name } "…"`
diag-help-declare-or-use = déclarez-le avec `{ $keyword } { $name } "…"` (ce qu'il signifie), ou utilisez l'un de ceux-ci : { $names }
diag-help-checks = les contrôles intégrés sont { $checks }
diag-unknown-check = contrôle intégré inconnu : `{ $check }`
diag-label-not-check = pas un contrôle intégré
diag-help-check-cite = citez l'instrument et son article, ou supprimez la déclaration
diag-check-cited-twice = le contrôle intégré `{ $check }` est cité deux fois
diag-label-cited-again = cité une deuxième fois ici
diag-label-first-cited = première citation
diag-help-one-citation = une seule citation par contrôle (les fichiers d'un paquet les partagent)
diag-bidi = le caractère invisible U+{ $code } { $name } change l'ordre d'affichage de cette ligne
diag-label-bidi = U+{ $code } { $name }
diag-help-bidi = supprimez-le : une personne qui relit la ligne peut la comprendre autrement que mandate
diag-note-bidi = les caractères de contrôle bidirectionnels peuvent cacher du texte, ou faire passer une chaîne ou un commentaire pour une règle (« Trojan Source »)
diag-note-more-not-shown = { $count } autres dans ce fichier ne sont pas affichés
diag-name-policy = le nom de la politique
diag-name-agreement = l'identifiant de l'accord
diag-name-rule = le nom de la règle
diag-name-classification = le nom de la classification
diag-name-response = le nom de la réponse
diag-label-script-letter = U+{ $code } est une lettre de l'écriture { $script }
diag-label-several-scripts = lettres de plusieurs écritures
diag-mixed-script = { $what } « { $name } » mêle des lettres de plusieurs écritures ({ $scripts })
diag-help-one-script = écrivez le nom dans une seule écriture : une lettre d'une autre écriture se ressemble mais ne correspond jamais
diag-exception-never-holds = l'exception de la règle « { $rule } » ne peut jamais jouer : aucun flux ne remplit à la fois son `when` et son `unless`
diag-label-unless-never-holds = le `unless` de cette règle n'est jamais vrai quand son `when` l'est
diag-help-fix-unless = supprimez la clause `unless`, ou corrigez-la pour qu'elle vise des flux que la règle couvre
diag-why-unless-always = son exception (`unless`) est vraie chaque fois que sa condition `when` l'est
diag-why-contradiction = sa condition `when` se contredit, compte tenu des vocabulaires et des parties
diag-never-applies = la règle « { $rule } » ne peut jamais s'appliquer : { $why }
diag-label-never-applies = aucun flux ne peut déclencher cette règle
diag-help-never-applies = vérifiez la condition : un flux a exactement une finalité, un expéditeur et un destinataire (des parties déclarées), `within` suit la hiérarchie du vocabulaire, et un type de partie qu'aucune partie déclarée n'a ne correspond jamais
diag-shadowed-allow = { $count ->
    [one] l'autorisation « { $rule } » ne peut jamais jouer : la règle d'interdiction { $denies } interdit tous les flux qu'elle autorise
   *[other] l'autorisation « { $rule } » ne peut jamais jouer : les règles d'interdiction { $denies } interdisent tous les flux qu'elle autorise
}
diag-label-shadowed = tous les flux que cette règle autorise sont interdits
diag-help-shadowed = restreignez la ou les règles d'interdiction par un `unless` pour le cas que vise cette autorisation, ou supprimez l'autorisation
diag-label-forbids = interdit les flux que l'autorisation vise
diag-note-example-flow = par exemple, un flux avec { $flow }
diag-duplicate-rule = les règles { $effect } « { $a } » et « { $b } » s'appliquent exactement aux mêmes flux
diag-label-same-flows = s'applique exactement là où l'autre règle s'applique
diag-label-other-rule = l'autre règle
diag-help-remove-duplicate = supprimez l'une des deux, en gardant le nom le plus clair et les deux citations
diag-help-merge-rules = fusionnez-les en une seule règle avec les obligations et les citations des deux
diag-subsumed-rule = la règle { $effect } « { $rule } » n'apporte rien : « { $wider } » couvre déjà tous les flux auxquels elle s'applique
diag-label-covered = couverte par une autre règle du même type
diag-label-covers = couvre tous les flux de l'autre règle
diag-help-subsumed = supprimez la règle la plus étroite (en reportant sa citation sur la plus large), ou restreignez la plus large si elle en dit trop
diag-agreement-expired = l'accord « { $agreement } » a expiré le { $on } (il y a { $days } jours)
diag-label-expired = ne couvre plus aucun flux
diag-help-renew = renouvelez-le et mettez à jour ses dates `valid … to …`, ou supprimez-le ainsi que les flux qui en dépendaient
diag-agreement-expiring = { $days ->
    [one] l'accord « { $agreement } » prend fin le { $on } (dans { $days } jour)
   *[other] l'accord « { $agreement } » prend fin le { $on } (dans { $days } jours)
}
diag-label-ends-soon = prend fin bientôt
diag-help-start-renewal = lancez son renouvellement dès maintenant ; les flux qu'il couvre seront refusés dès le lendemain de sa fin
diag-period-from-to = du { $from } au { $to }
diag-period-from = à partir du { $from }
diag-suspension-bridged = l'accord « { $agreement } » est suspendu { $period }, mais l'accord « { $other } » entre { $a } et { $b } est en vigueur pendant ce temps (du { $from } au { $to })
diag-label-suspended-here = suspendu ici
diag-help-bridged = les transferts couverts par « { $other } » restent autorisés pendant la suspension : faites-le aussi finir avant le { $from }, ou raccourcissez la suspension
diag-unused-term = `{ $name }` ({ $what }) est déclaré, mais aucune règle, aucun accord, aucune partie ni aucune classification ne l'utilise, lui ou un terme apparenté
diag-label-not-used = inutilisé
diag-help-use-term = utilisez-le dans une règle ou un accord, ou supprimez-le
diag-undeclared-names = ce paquet utilise des { $sort ->
    [role] rôles d'approbation
    [response] réponses
    [flag] marques de partie
   *[dimension] dimensions d'agrégation
} ({ $names }) sans aucune déclaration : une faute de frappe passera inaperçue
diag-label-first-use = première utilisation
diag-help-declare-each = déclarez chaque nom une fois avec ce qu'il signifie, par exemple `{ $keyword } { $name } "…"`
diag-unused-declared = `{ $name }` ({ $what }) est déclaré, mais aucune règle, aucune partie ni aucune classification ne l'utilise
diag-help-use-or-remove = utilisez-le, ou supprimez la déclaration
diag-no-policy-file = le paquet n'a aucun fichier `.policy`
diag-help-open-pack = ouvrez un dossier de paquet, ou ajoutez un fichier dont le nom se termine par `.policy`
diag-label-leaves-pack = ce chemin sort du paquet
diag-help-use-stay-in-pack = les chemins de `use` partent du fichier qui les écrit et restent dans son paquet
diag-help-add-vocabulary-folder = ajoutez le dossier du vocabulaire au paquet (ouvrez-le avec le paquet)
diag-label-no-folder-in-pack = aucun dossier de ce nom dans le paquet
