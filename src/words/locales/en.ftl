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

## Explanations (mandate explain)

explain-head-allow = ALLOW
explain-head-review = REVIEW (not allowed until approved)
explain-head-deny = DENY ({ $kind })
explain-head-deny-plain = DENY
explain-flow = flow { $flow }
explain-policy = policy { $name }, { $hash }
explain-policy-version = policy { $name } version { $version }, { $hash }
explain-error = error { $at }: { $message }
explain-error-whole-flow = flow
explain-hop = Hop { $hop } of { $hops }: { $from } → { $to }, purpose { $purpose }:
explain-hop-allowed = allowed
explain-rules-allowing = Rules that allow it
explain-rules-deciding = Deciding rules
explain-checks-failed = Chain checks that failed
explain-also-applying = Also applying (did not decide)
explain-not-applying = Rules that did not apply
explain-obligations = Obligations
explain-imposed-by = (by { $rules })
# A rule's effect, as the policy language writes it.
explain-effect = { $effect ->
    [allow] allow
    [deny] deny
    [review] review
    [require] require
   *[other] { $effect }
}
explain-rule = { $effect } { $rule }
explain-label-at = at
explain-label-cite = cite
explain-needs-approval = needs approval by { $role }
explain-when = when
explain-unless = unless
explain-true = ✔ true
explain-false = ✘ false
explain-unknown = ? unknown
explain-node-not = not:
explain-node-all = all of:
explain-node-any = any of:
explain-remedies = What would make it allowed
explain-remedy-changes = { $head }; and { $last }
explain-remedy-result = → { $reason }
explain-remedy-result-with = → { $reason }, with: { $obligations }

## Remedies

remedy-not-applicable = the flow itself has errors: correct them first
remedy-not-needed = the flow is allowed: nothing needs to change
remedy-found = { $count ->
    [one] one way to make the flow allowed (verified by re-evaluating it)
   *[other] { $count } ways to make the flow allowed, smallest first (each verified by re-evaluating it)
}
remedy-none-forbidden = { $count ->
    [one] no change to the flow's data, purpose, legal basis, consent, approvals or agreements (up to { $max } at once) allows it: { $rules } forbids it outright, an absolute prohibition
   *[other] no change to the flow's data, purpose, legal basis, consent, approvals or agreements (up to { $max } at once) allows it: { $rules } forbid it outright, an absolute prohibition
}
remedy-none = no change to the flow's data, purpose, legal basis, consent, approvals or agreements (up to { $max } at once) makes any rule allow it
remedy-drop-data = leave { $data } out of the data
remedy-state-collected-for = say what the data was collected for (allowed if: { $purpose })
remedy-use-purpose = use the purpose { $purpose }
remedy-use-basis = rely on the legal basis { $basis }
remedy-obtain-consent = obtain consent covering { $purpose }, recipient { $recipient } and country { $country }
remedy-state-subjects = say whose data it is (allowed if: { $subjects })
remedy-obtain-approval = obtain approval by { $role }
remedy-obtain-approval-hop = obtain approval by { $role } for hop { $hop }
remedy-amend = amend agreement { $agreement } to { $parts }
remedy-amend-and = { $head } and { $last }
remedy-amend-purposes = cover the purpose { $purposes }
remedy-amend-data = cover the data { $data }
remedy-amend-subjects = cover the subjects { $subjects }
remedy-amend-valid-from = take effect by { $day }
remedy-amend-valid-to = be extended to { $day }
remedy-amend-onward = allow onward transfer
remedy-conclude = conclude an agreement from { $from } to { $to } covering { $purpose } and the data { $data }, valid on { $day }

## Obligations

obligation-minimize = minimize to [{ $categories }]
obligation-pseudonymize = pseudonymize [{ $categories }]
obligation-aggregate = aggregate with k >= { $k }
obligation-aggregate-by = aggregate by [{ $by }] with k >= { $k }
obligation-retain = retain at most { $days } days
obligation-encrypt = encrypt { $mode }
obligation-no-onward = no onward transfer
obligation-notify = notify { $role }

## Decision log (mandate log show)

log-show-record = record { $id } logged { $time } under policy { $policy }
log-show-not-reproduced = WARNING: re-evaluating gives { $now }, but the log says { $logged }
log-show-unverified = WARNING: the log does not verify ({ $count } problem(s)): this record may have been altered; run `mandate log verify { $dir }`

## Policy tests (mandate test)

test-running = { $count ->
    [one] running { $count } test against { $policy }
   *[other] running { $count } tests against { $policy }
}
test-line = test { $name } ... { $result }
test-ok = ok
test-failed = FAILED
test-failures = failures:
test-what-happened = what happened:
test-result = test result: { $result }. { $passed } passed; { $failed } failed
test-coverage-below = error: coverage is below the required { $min }%: add tests for the items marked ✗
test-coverage-head = coverage of { $policy } by its tests:
test-coverage-at = at { $at }
test-coverage-applies = applies
test-coverage-does-not-apply = does not apply
test-coverage-exception-holds = exception holds
test-coverage-obligations = obligations imposed
test-coverage-by = by { $test }
test-coverage-no-test = NO TEST
test-coverage-untouched = terms the rules test that no test flow touches (not counted):
test-coverage-term-category = data category { $term }
test-coverage-term-subject = data subject { $term }
test-coverage-term-purpose = purpose { $term }
test-coverage-term-kind = party kind { $term }
test-coverage-total = coverage: { $percent }% ({ $covered } of { $total } items: each rule applying and not applying, each exception holding, each rule's obligations imposed)

## Data maps (mandate audit, mandate reach)

map-audit-head = AUDIT  map { $map } ({ $systems } systems, { $datasets } datasets, { $transfers } transfers) as of { $at }
map-denied-path = DENIED PATH { $n }
map-not-shown = { $count } more denied path(s) not shown (raise --max-paths to see them)
map-policy = policy { $hash }
map-summary = summary: { $checked } paths checked, { $denied } denied ({ $states } states, { $merged } paths merged, { $decisions } decisions computed)
map-denied-by-rule = denied by rule:
map-stands-for = (stands for { $count } violating paths)
map-dataset = dataset { $dataset } collected at { $system }
map-step-allow = allow
map-step-deny = DENY ({ $kind })
map-step-review = review
map-step-deny-plain = deny
map-step-transfer = { $transfer }  purpose { $purpose }
map-carries = carries { $categories }
map-hop-decision = hop { $hop }: { $head }: { $reason }
map-rule = { $effect } rule { $rule }
map-rule-hop = { $effect } rule { $rule } (hop { $hop })
map-label-fact = fact
map-reach-head = REACH  { $question } in map { $map } as of { $at }: { $count } path(s), { $allowed } allowed, { $denied } not allowed
map-path-allowed = PATH { $n } ALLOWED
map-path-not-allowed = PATH { $n } NOT ALLOWED
map-not-allowed = not allowed
map-dot-collects = collects { $datasets }
map-dot-paths = ({ $count } paths)
map-dot-denied = DENIED, { $kind }{ $paths }:

## Policy differences (mandate diff)

diff-policy-version = { $name } version { $version }
diff-comparing = comparing { $old } with { $new }
diff-none = no difference: every flow gets the same decision and the same obligations (the versions differ only in names, order or wording that decides nothing)
diff-none-identical = no difference: every flow gets the same decision and the same obligations (the compiled policies are identical)
diff-change = { $change }: flows { $old } before and { $new } now
diff-version = { $version }
diff-name-undeclared = the { $version } version declares no { $kind } `{ $name }`, so it rejects every flow naming it
diff-default-deny = under the { $version } version no rule allows the witness (default deny)
diff-decided-by = decided under the { $version } version by { $by }
diff-by-builtin = by the built-in { $effect } { $rule } (both versions)
diff-by-rule = by { $effect } rule { $rule } ({ $version } version)
diff-by-rule-at = by { $effect } rule { $rule } ({ $version } version, { $at })
diff-where = where { $condition }
diff-witness-verified = witness: { $witness }  (verified: decided so under both versions)
diff-witness-unverified = witness: { $witness }  (not verified: depends on facts a one-hop flow cannot state, such as an earlier hop)
diff-differs = differs: { $differences }
diff-count = { $count } change(s)
diff-class-error = rejected as invalid
diff-class-forbidden = forbidden
diff-class-gap = left undecided (gap)
diff-class-review = held for review
diff-class-allowed = allowed
diff-class-not-permitted = not permitted
