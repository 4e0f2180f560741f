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
