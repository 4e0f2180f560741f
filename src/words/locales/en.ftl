# mandate's messages in English.
#
# One message per sentence a person reads. Each `{ $name }` is a value put in at run time: a
# rule's name, a category, a date. Names, rule titles and citations are the policy's own words
# and are never translated. To add a language, copy this file to `<code>.ftl` (`es.ftl`,
# `ar.ftl`) and translate the text after each `=`; keep the ids before it.

## Names and quotes

# A name from the policy or the flow, quoted in running text.
quoted = "{ $name }"
# Lists: "a, b and c".
list-and = { $head } and { $last }
list-or = { $head } or { $last }

## Deny kinds

kind-error = error in the flow
kind-forbidden = forbidden
kind-gap = missing facts
kind-review-required = review required
kind-not-permitted = not permitted

## Decisions in one sentence

reason-allowed-by-one = allowed by { $rule }
reason-allowed-by-many = allowed by { $count } rules
reason-forbidden = forbidden by { $rules }
reason-gap = { $count ->
    [one] cannot be decided: { $rules } needs facts the flow does not state
   *[other] cannot be decided: { $rules } need facts the flow does not state
}
reason-review = needs approval by { $roles } first ({ $rules })
reason-not-permitted = not permitted: no rule allows this flow
reason-invalid = the flow is invalid
reason-invalid-one = the flow is invalid: { $message }
reason-invalid-at = the flow is invalid: { $path }: { $message }
reason-invalid-many = the flow is invalid ({ $count } problems)
