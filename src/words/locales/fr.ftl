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
   *[other] { $count } façons de rendre le flux licite, de la plus simple à la plus lourde (chacune vérifiée en le réévaluant)
}
remedy-none-forbidden = { $count ->
    [one] aucune modification des données, de la finalité, de la base légale, du consentement, des approbations ou des accords de partage de données (jusqu'à { $max } à la fois) ne le rend licite : { $rules } l'interdit de manière absolue, sans exception possible
   *[other] aucune modification des données, de la finalité, de la base légale, du consentement, des approbations ou des accords de partage de données (jusqu'à { $max } à la fois) ne le rend licite : { $rules } l'interdisent de manière absolue, sans exception possible
}
remedy-none = aucune modification des données, de la finalité, de la base légale, du consentement, des approbations ou des accords de partage de données (jusqu'à { $max } à la fois) n'amène une règle à l'autoriser
remedy-drop-data = retirer { $data } des données transmises
remedy-state-collected-for = indiquer la finalité de la collecte (admise : { $purpose })
remedy-use-purpose = retenir la finalité { $purpose }
remedy-use-basis = fonder le transfert sur la base légale { $basis }
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
obligation-encrypt = { $mode ->
    [at_rest] chiffrer au repos
    [in_transit] chiffrer en transit
   *[other] chiffrer { $mode }
}
obligation-no-onward = aucun transfert ultérieur
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
