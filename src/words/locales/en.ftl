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

## One screen of text for a decision (`check`)

text-head = { $head }  flow { $flow }
text-allow = ALLOW
text-review = REVIEW (not allowed until approved)
text-deny = DENY
text-deny-kind = DENY ({ $kind })
text-rule = { $effect } rule "{ $rule }"
text-rule-hop = { $effect } rule "{ $rule }" (hop { $hop })
text-at = at
text-cite = cite
text-fact = fact
text-needs-approval = needs approval by { $role }
text-obligations = obligations:
text-obligation = { $text }  (by { $rules })
text-error = error { $at }: { $message }
text-policy = policy
check-lines-summary = { $allowed } allowed, { $denied } denied or held for review, { $errors } in error

## Facts: what each test of a condition was evaluated on

side-sender = sender
side-recipient = recipient
compare-at-least = at least
compare-at-most = at most
compare-above = above
compare-below = below
compare-is = exactly
prefix-subject = subject{" "}
prefix-purpose = purpose{" "}
path-itself = { $prefix }{ $term } itself
path-kind-of = { $prefix }{ $term } is a kind of { $ancestor }
path-kind-of-through = { $prefix }{ $term } is a kind of { $ancestor } (through { $steps })
fact-data-none-within = no data that is a kind of { $category } (data: { $data })
fact-data-all-within = all data is a kind of { $within }
fact-data-outside = { $count ->
    [one] { $outside } is not a kind of { $within }
   *[other] { $outside } are not a kind of { $within }
}
fact-sensitivity-unknown = no category of the flow has a sensitivity level
fact-sensitivity-response = {" "}(classification for response { $response })
fact-sensitivity = highest sensitivity { $level }{ $response } { $holds ->
    [yes] is
   *[no] is not
} { $compare } { $bound }
fact-subjects-unstated = the flow does not say whose data it is
fact-subjects-none-within = no subject that is a kind of { $subject } (subjects: { $subjects })
fact-subjects-all-within = subjects { $subjects } { $holds ->
    [yes] are all
   *[no] are not all
} a kind of { $within }
fact-purpose-is = purpose { $purpose } { $holds ->
    [yes] is
   *[no] is not
} { $expected }
fact-purpose-outside = purpose { $purpose } is not a kind of { $within }
fact-collection-unstated = the flow does not say what the data was collected for
fact-purpose-compatible = purpose { $purpose } { $holds ->
    [yes] is compatible with
   *[no] is neither a kind of nor declared compatible with
} collection purpose { $collected }
fact-collected-within = collected for { $collected }, which { $holds ->
    [yes] is
   *[no] is not
} a kind of { $within }
fact-party-kind-exact = { $side } { $party } is of kind { $kind }
fact-party-kind = { $side } { $party } is of kind { $kind }, { $holds ->
    [yes] which is
   *[no] which is not
} a kind of { $expected }
fact-party-is = { $side } is { $party }{ $holds ->
    [yes] {""}
   *[no] , not { $expected }
}
fact-party-country = { $side } { $party } is in { $country } ({ $holds ->
    [yes] one of
   *[no] not one of
} { $countries })
fact-party-flag = { $side } { $party } { $holds ->
    [yes] has
   *[no] does not have
} { $flag }
fact-basis-unstated = the flow states no legal basis
fact-basis-one = basis is { $basis }{ $holds ->
    [yes] {""}
   *[no] , not { $expected }
}
fact-basis = basis { $basis } { $holds ->
    [yes] is one of
   *[no] is not one of
} { $bases }
fact-consent-missing = the flow carries no consent record
consent-named = consent { $consent }
consent-unnamed = the consent record
fact-consent-covers = { $consent } is given and covers purpose, recipient and country
fact-consent-gap = { $consent } does not cover the flow: { $why }
consent-status-given = given
consent-status-withdrawn = withdrawn
consent-status-expired = expired
consent-status-refused = refused
consent-gap-status = its status is { $status }
consent-gap-withdrawn = it was withdrawn on { $on }
consent-gap-given-after = it was only given on { $on }, after the flow
consent-gap-expired = it expired on { $on }
consent-gap-purpose = its purposes ({ $purposes }) do not cover { $purpose }
consent-gap-recipient = it does not name the recipient { $recipient } (nor its kind)
consent-gap-country = its countries ({ $countries }) do not include { $country }
fact-agreement-covers = agreement { $agreement } covers the flow (valid { $from } to { $to })
fact-agreement-onward = agreement { $agreement } { $holds ->
    [yes] allows
   *[no] forbids
} onward transfer
fact-agreement-none-binds = no agreement binds { $from } to { $to }
fact-agreement-none-covers = no agreement covers the flow ({ $gaps })
agreement-gap = { $agreement }: { $why }
agreement-gap-not-yet = it only takes effect on { $on }
agreement-gap-expired = it expired on { $on }
agreement-gap-purpose = it does not cover the purpose { $purpose }
agreement-gap-data = it does not cover the data { $category }
agreement-gap-subjects-unstated = it is limited to certain subjects and the flow does not say whose data it is
agreement-gap-subject = it does not cover the subject { $subject }
fact-approval-given = approved by { $role }
fact-approval-missing = no approval by { $role }
fact-approval-late = the approval by { $role } is dated { $at }, after the flow ({ $flow_at }), so it does not count
no-organisation = no organisation
fact-same-organisation = { $from } ({ $from_org }) and { $to } ({ $to_org }) { $holds ->
    [yes] are one organisation
   *[no] are not one organisation
}
fact-countries-same = both in { $country }
fact-countries = from { $from } to { $to }
fact-countries-inside = from { $from } to { $to }, inside { $organisation }
fact-onward-hop = hop { $hop } of an onward transfer
fact-first-hop = first hop (not an onward transfer)
fact-response-unstated = the flow names no response
fact-response-is = response { $response } { $holds ->
    [yes] is
   *[no] is not
} { $expected }
fact-constant = always { $value ->
    [yes] true
   *[no] false
}
fact-exception-holds = exception holds: { $facts }
fact-exception-fails = exception does not hold: { $facts }
fact-exception-unknown = exception cannot be decided: { $facts }

## Built-in chain checks: their names, the texts they encode, what they find

check-purpose-limitation-name = Purpose limitation along the chain
check-purpose-limitation-cite = Purpose limitation: personal data collected for one purpose may be processed further only for that purpose or a compatible one (ICRC Handbook on Data Protection in Humanitarian Action, basic principles)
check-onward-transfer-name = Onward transfer forbidden by an upstream agreement
check-onward-transfer-cite = Onward transfers: a recipient may pass data on only as the data-sharing agreement it received it under permits (ICRC Handbook on Data Protection in Humanitarian Action, international data sharing)
check-onward-obligation-name = Onward transfer forbidden by an obligation of the previous hop
check-onward-obligation-cite = A transfer allowed on condition of no onward transfer may not be followed by another
finding-purpose-incompatible = purpose { $purpose } is neither a kind of nor declared compatible with collection purpose { $collected }
finding-collection-unstated = an onward transfer must say what the data was collected for (`collected_for`)
finding-upstream-agreement = agreement { $agreement }, under which { $from } sent the data to { $to }, forbids onward transfer
finding-upstream-obligation = rule { $rule } allowed the previous hop on condition of no onward transfer

## Problems with a flow's input

did-you-mean = ; did you mean `{ $name }`?
sort-category = data category
sort-subject = data subject
sort-purpose = purpose
sort-party-kind = party kind
problem-unknown-term = unknown { $sort } `{ $name }`{ $hint }
problem-unmapped-hashtag = the HXL hashtag `{ $tag }` is not mapped to any data category by this policy
problem-unknown-party = unknown party `{ $name }`: the policy declares no such party{ $hint }
problem-unknown-recipient = unknown recipient `{ $name }`: neither a party nor a party kind of this policy
problem-unknown-agreement = unknown agreement { $agreement }
problem-agreement-not-binding = agreement { $agreement } does not bind { $from } to { $to }
problem-not-a-country = `{ $text }` is not an ISO 3166-1 alpha-2 country code
problem-not-a-time = `{ $text }` is not a time: write RFC 3339, e.g. 2025-04-12T09:00:00Z
problem-hop-after-flow = this earlier hop is dated { $at }, after the flow ({ $flow_at }): an earlier hop cannot happen after the transfer it leads to; correct the date
problem-empty-id = is empty: give the flow an identifier, so that its decision can be found again
problem-no-data = lists no data category: say what data the flow carries
problem-malformed = { $detail }
problem-too-large = the flow is { $bytes } bytes; at most { $max } are accepted
problem-line-too-long = the line is longer than { $max } bytes, the most read (--max-line-bytes)
problem-not-utf8 = the flow is not UTF-8 text (the byte at offset { $offset } is not part of a character); send JSON in UTF-8
problem-fault = { $detail }
problem-unresolved = the flow could not be resolved

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
   *[other] { $count } ways to make the flow allowed: those that need no new legal instrument first, then the smallest (each verified by re-evaluating it)
}
remedy-none = no change within reach (leaving out data, stating a missing fact, consent, approvals or agreements, up to { $max } at once) makes any rule allow it
remedy-drop-data = leave { $data } out of the data
remedy-state-collected-for = say what the data was collected for (allowed if: { $purpose })
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
obligation-encrypt-at_rest = encrypt at_rest
obligation-encrypt-in_transit = encrypt in_transit
obligation-no-onward-transfer = no onward transfer
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
sort-party = party
# What an amendment does to a class of flows (`mandate diff`).
diff-shift = { $shift ->
    [newly_allows] newly allows
    [no_longer_allows] no longer allows
    [newly_forbids] newly forbids
    [no_longer_forbids] no longer forbids
    [newly_holds_for_review] newly holds for review
    [no_longer_holds_for_review] no longer holds for review
    [newly_leaves_undecided] newly leaves undecided
    [no_longer_leaves_undecided] no longer leaves undecided
    [newly_requires] newly requires
    [no_longer_requires] no longer requires
    [newly_accepts] newly accepts
   *[no_longer_accepts] no longer accepts
}
diff-shift-name = { diff-shift } { $sort } `{ $name }`
diff-shift-obligation = { diff-shift } { $obligation }
diff-shift-onward-agreement = { diff-shift } onward transfers of data received under agreement "{ $agreement }"
diff-shift-onward-obligation = { diff-shift } onward transfers after a hop it allows (no onward transfer)
diff-where-onward-agreement = where the agreement the previous hop was made under (the one it names, else the first covering it) forbids onward transfer
diff-witness-chain = first hop: { $first }; then onward: { $then }
diff-decider = { $effect } rule { $rule }
diff-decider-at = { $effect } rule { $rule } ({ $at })
diff-nothing = none
diff-root = nothing (a root)
diff-first-hop = first hop: { $difference }
diff-differs-within = { $sort } `{ $name }` is within { $before } before, { $now } now
diff-differs-party = party `{ $name }`: { $changes }
diff-party-kind = kind { $before } before, { $now } now
diff-party-jurisdiction = jurisdiction { $before } before, { $now } now
diff-party-organisation = organisation { $before } before, { $now } now
diff-party-flags = flags [{ $before }] before, [{ $now }] now
diff-differs-compatible = purpose { $purpose } is { $before ->
    [yes] compatible
   *[no] not compatible
} with collection purpose { $collected } before, { $now ->
    [yes] compatible
   *[no] not compatible
} now
diff-differs-sensitivity = highest sensitivity { $before } before, { $now } now
diff-covered-by = agreement "{ $agreement }"
diff-covered-by-none = no agreement
diff-differs-agreement = covered by { $before } before, { $now } now
diff-differs-onward = agreement "{ $agreement }": onward transfer { $before ->
    [yes] allowed
   *[no] forbidden
} before, { $now ->
    [yes] allowed
   *[no] forbidden
} now
# Why a policy test fails (`mandate test`).
test-problem-decision = expected decision { $expected }, got { $got }
test-problem-kind = expected kind { $expected }, got { $got }
test-problem-rules = expected determining rules { $expected }, got { $got }
test-problem-obligations = expected obligations { $expected }, got { $got }
test-problem-unreadable = { $file }: { $detail }
test-problem-not-a-map = { $file }: not a map from flow file name to expectation: { $detail }
test-problem-bad-expectation = { $file }: the expectation for `{ $flow }`: { $detail }
test-problem-no-expectation = { $file }: this flow has no expectation in { $expected }; add one
test-problem-not-a-test = { $file }:{ $line }:{ $column }: not a test file: { $detail }; a test is {"{"}"name", "flow" or "flow_file", "expect"{"}"}
test-problem-flow-or-file = { $file }: a test gives exactly one of `flow` (the flow itself) or `flow_file` (a path relative to the test file)
test-problem-outside-pack = { $file }: `flow_file` "{ $path }" leads outside the pack; give a path relative to the test file that stays inside the pack

## Remedies: who must act and what kind of change it is

explain-remedy-who = who must act: { $who }
explain-remedy-actor-kind = { $actor }, to { $kind }
remedy-actor-flow = the flow's author
remedy-actor-sender = the sender
remedy-actor-policy = the policy's data protection officer
remedy-kind-leave-out-data = leave out data
remedy-kind-state-missing-fact = state a missing fact
remedy-kind-obtain-consent = obtain consent
remedy-kind-obtain-approval = obtain an approval
remedy-kind-amend-agreement = amend an agreement
remedy-kind-extend-agreement = extend an agreement
remedy-kind-conclude-agreement = conclude an agreement

## Remedies: what stops a flow no remedy allows

remedy-none-blocked = no change within reach (leaving out data, stating a missing fact, consent, approvals or agreements, up to { $max } at once) allows it:
remedy-blocked-absolute = { $rule } forbids it outright, an absolute prohibition
remedy-blocked-while = { $rule } forbids it as long as: { $conditions }
remedy-blocked-unless = { $rule } forbids it unless: { $exception }
remedy-blocked-while-unless = { $rule } forbids it as long as: { $conditions }; or unless: { $exception }
remedy-blocked-undecided = { $rule } cannot be decided: the flow does not state a fact it tests
remedy-blocked-other = { $rule } stops it
remedy-blocked-check = { $rule } stops it: { $facts }
remedy-blocked-not-permitted = and no rule allows it: without the rules above it would still be denied by default
remedy-blocked-on-hops = { $count ->
    [one] { $text } (hop { $hops })
   *[other] { $text } (hops { $hops })
}

## Remedies: deliberate periods without an agreement (suspensions)

remedy-suspended = stopped on purpose: agreement { $agreement } between { $from } and { $to } is suspended since { $since } because "{ $reason }" ({ $cite }); no remedy amends, extends or replaces it
remedy-suspended-until = stopped on purpose: agreement { $agreement } between { $from } and { $to } is suspended from { $since } to { $until } because "{ $reason }" ({ $cite }); no remedy amends, extends or replaces it
remedy-suspended-hop = hop { $hop }: { $text }

## Diff: suspensions added or removed (they change no decision)

diff-suspension-added = suspension added (changes no decision; remedies no longer bridge it): agreement { $agreement } suspended since { $since } because "{ $reason }" ({ $cite })
diff-suspension-added-until = suspension added (changes no decision; remedies no longer bridge it): agreement { $agreement } suspended from { $since } to { $until } because "{ $reason }" ({ $cite })
diff-suspension-removed = suspension removed (changes no decision; remedies may again propose to extend or replace the agreement): agreement { $agreement } was suspended since { $since } because "{ $reason }" ({ $cite })
diff-suspension-removed-until = suspension removed (changes no decision; remedies may again propose to extend or replace the agreement): agreement { $agreement } was suspended from { $since } to { $until } because "{ $reason }" ({ $cite })

## Remedies: for information, never a fix

remedy-information-purposes = for information, not a fix: the policy would allow this flow for the narrower purpose(s) { $purposes }, but only if that is truly what the data moves for (a purpose is a fact, not a setting)
remedy-information-bases = for information, not a fix: the policy would allow this flow on the legal basis { $bases }, but only if the situation truly rests on it (a basis is not chosen after the fact)
remedy-information-both = for information, not a fix: the policy would allow this flow for the narrower purpose(s) { $purposes } or on the legal basis { $bases }, but only if that is truly what the transfer is (a purpose or a basis is a fact, not a setting)

## Decision log replay (mandate log replay)

log-replay-header = replaying { $dir } under policy { $policy }
log-replay-summary = { $replayed } decision(s) replayed: { $changed } would change, { $unchanged } would not
log-replay-skipped = skipped: { $outside } outside the time window, { $unreadable } line(s) that are not records
log-replay-none = no change: every replayed decision is the same under the new policy
log-replay-change = { $n }. { $count ->
    [one] { $count } flow
   *[other] { $count } flows
}: { $old } → { $new }
log-replay-old-rules = as logged, decided by { $rules }
log-replay-new-rules = now decided by { $rules }
log-replay-no-rule = no rule (the default deny, or an error in the flow)
log-replay-examples = for example: { $ids }
log-replay-explain-hint = to see one side by side: mandate log replay { $dir } --policy { $policy } --explain ID
log-replay-refused = the log { $dir } does not verify ({ $count } problem(s)), so what it holds may have been altered and a replay of it proves nothing; run `mandate log verify { $dir }`, or pass --allow-unverified to replay it anyway
log-replay-unverified = WARNING: replaying a log that does not verify ({ $count } problem(s)); what it holds may have been altered:
log-replay-progress = { $count } records read…
log-replay-no-flow = record { $id } holds no readable flow ({ $error }), so it cannot be decided again
log-replay-explain-old = AS LOGGED (policy { $policy })
log-replay-explain-new = UNDER THE NEW POLICY ({ $policy })
log-replay-explain-changed = this decision changes: { $old } → { $new }
log-replay-explain-same = this decision does not change

## Shadow decisions (check --shadow, serve --shadow)

shadow-disagrees = shadow: flow { $flow } is { $live } under the live policy but would be { $candidate } under the candidate
shadow-not-logged = shadow: a disagreement could not be logged: { $error }
shadow-summary = shadow: the candidate policy { $policy } decides { $disagreed } of { $decided } flow(s) otherwise; the answers above are the live policy's
shadow-started = mandate serve: shadow policy { $policy } from { $source }: disagreements are counted in /metrics{ $log ->
    [none] {""}
   *[other] {" "}and logged to { $log }
}
shadow-reloaded = mandate serve: reloaded the shadow policy ({ $policy })
shadow-reload-failed = mandate serve: the changed shadow policy does not compile; the shadow policy in use is kept:

## Policy differences seen in a decision log (mandate diff --log)

diff-log-header = in the log { $dir }: { $decided } logged flow(s) decided under both versions, { $changed } decided differently
diff-log-change = { $n }. { $change } { $rule }: { $count ->
    [0] no logged flow
    [one] { $count } logged flow (for example { $examples })
   *[other] { $count } logged flows (for example { $examples })
}
diff-log-unattributed = { $count } logged flow(s) decided differently fall into none of the changes above (for example { $examples })
diff-log-unverified = WARNING: the log { $dir } does not verify ({ $count } problem(s)); the counts below may be of altered records:

## Dates of approvals and records (time-bounded approvals, records' age)

period = { $unit ->
    [months] { $amount ->
        [one] { $amount } month
       *[other] { $amount } months
    }
    [years] { $amount ->
        [one] { $amount } year
       *[other] { $amount } years
    }
   *[days] { $amount ->
        [one] { $amount } day
       *[other] { $amount } days
    }
}
fact-approval-expired = the approval by { $role } expired on { $expires }, not after the flow ({ $flow_at }), so it does not count
fact-approval-recent = { $holds ->
    [yes] the approval by { $role } of { $at } is at most { $period } before the flow ({ $flow_at })
   *[no] the latest approval by { $role }, of { $at }, is more than { $period } before the flow ({ $flow_at }), so it is too old to count
}
fact-approval-undated = the approval by { $role } does not say when it was given, so whether it is recent enough is unknown
record-event-on = { $event ->
    [collected] the records were collected on { $on }
    [closed] the records' case was closed on { $on }
   *[updated] the records were last updated on { $on }
}
fact-records-age = { $holds ->
    [yes] { $when }; { $period } after that ran out on { $ends }, before the flow ({ $flow_at })
   *[no] { $when }; { $period } after that runs out on { $ends }, not before the flow ({ $flow_at })
}
fact-records-age-endless = { $when }; { $period } after that has not run out at the flow ({ $flow_at })
fact-records-unstated = { $event ->
    [collected] the flow does not say when the records were collected
    [closed] the flow does not say when the records' case was closed (nor that it is closed)
   *[updated] the flow does not say when the records were last updated
}
remedy-renew-approval = renew the approval by { $role }: a new one, given by the flow's time and not expired at it
remedy-renew-approval-hop = renew the approval by { $role } for hop { $hop }: a new one, given by that hop's time and not expired at it
fact-records-open = the records' case is open: it has not been closed
problem-open-and-closed = says that the records' case is open and also when it was closed: state one or the other
fact-with-reference = { $fact } (reference { $reference })

## Declared names (roles, responses)
problem-undeclared-role = `{ $name }` is not an approval role this policy declares, so this approval cannot count{ $hint }
problem-undeclared-response = `{ $name }` is not a response this policy declares{ $hint }
diff-declared-added = { $sort } `{ $name }` declared ("{ $description }"): flows may now name it
diff-declared-added-first = { $sort } `{ $name }` declared ("{ $description }"), the first of its sort: from now on a flow naming any other { $sort } (an approval role, a response) is an input error, and so is a rule or party that uses an undeclared one
diff-declared-removed = { $sort } `{ $name }` no longer declared: a flow naming it (an approval by this role, this response) is now an input error
diff-declared-removed-last = { $sort } `{ $name }` no longer declared, and no { $sort } is: names of this sort are no longer checked, in the policy or in flows
diff-declared-redescribed = { $sort } `{ $name }` described anew: "{ $description }" (changes no decision)

## Classifications of combinations
fact-sensitivity-combination = {" "}(classification for response { $response }, entry for { $entry } together: the flow carries all of them)

## Scoped no onward transfer
finding-upstream-obligation-scope = rule { $rule } allowed the previous hop on condition of no onward transfer { $scope ->
    [network] outside the network of parties flagged { $within }, and { $recipient } is not flagged so
   *[organisation] outside the organisation of { $received_by }, and { $recipient } does not belong to it
}
obligation-no-onward-transfer-outside-organisation = no onward transfer outside the recipient's organisation
obligation-no-onward-transfer-outside-network = no onward transfer outside the network { $network } (parties flagged so)

## Exceptions to built-in checks
fact-check-exception-holds = the policy's exception ({ $cite }) holds: { $facts }
fact-check-exception-fails = the policy's exception ({ $cite }) does not hold: { $facts }
fact-check-exception-unknown = the policy's exception ({ $cite }) cannot be decided: { $facts }
