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

## Une décision sur un écran (`check`)

text-head = { $head }  flux { $flow }
text-allow = AUTORISÉ
text-review = EXAMEN (non autorisé avant approbation)
text-deny = REFUSÉ
text-deny-kind = REFUSÉ ({ $kind })
text-rule = règle { $effect } « { $rule } »
text-rule-hop = règle { $effect } « { $rule } » (étape { $hop })
text-at = source
text-cite = réf.
text-fact = fait
text-needs-approval = requiert l'approbation de { $role }
text-obligations = obligations :
text-obligation = { $text }  (imposée par { $rules })
text-error = erreur { $at } : { $message }
text-policy = politique

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
problem-no-data = n'indique aucune catégorie de données : précisez les données que transporte le flux
problem-malformed = { $detail }
problem-too-large = le flux fait { $bytes } octets ; { $max } au plus sont acceptés
problem-line-too-long = la ligne dépasse { $max } octets, le maximum lu (--max-line-bytes)
problem-not-utf8 = le flux n'est pas du texte UTF-8 (l'octet à la position { $offset } ne fait pas partie d'un caractère) ; envoyez du JSON en UTF-8
problem-fault = { $detail }
problem-unresolved = le flux n'a pas pu être résolu

## Obligations d'un flux autorisé

obligation-minimize = minimiser à [{ $categories }]
obligation-pseudonymize = pseudonymiser [{ $categories }]
obligation-aggregate = agréger avec k >= { $k }
obligation-aggregate-by = agréger par [{ $by }] avec k >= { $k }
obligation-retain = conserver { $days } jours au plus
obligation-encrypt-at_rest = chiffrer au repos
obligation-encrypt-in_transit = chiffrer en transit
obligation-no-onward-transfer = aucun transfert ultérieur
obligation-notify = informer { $role }
