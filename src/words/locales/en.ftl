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
# A share in percent (2.5%), and what separates a number's whole part from its decimals.
percent = { $number }%
decimal-separator = .

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
hashtag-read = the flow's { $written } is read as the declared tag { $declared }
fact-with-hashtags = { $fact } ({ $readings })
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
problem-malformed = { $detail }
problem-syntax = this is not JSON: the reader could go no further than line { $line }, column { $column }; look there for a missing comma, quote or bracket
problem-too-deep = the document is nested too deeply to be read: a flow is a few levels of objects and lists
problem-missing-member = the member `{ $member }` is missing; every flow states it
problem-unknown-member = there is no member `{ $member }` here; the members here are { $expected }
problem-unknown-member-near = there is no member `{ $member }` here; did you mean `{ $suggestion }`?
problem-unknown-member-none = there is no member `{ $member }` here; nothing may be written here
problem-unknown-value = `{ $value }` is not a value this member takes; write { $expected }
problem-wrong-kind = expected { $expected }, found { $found }
problem-duplicate-member = the member `{ $member }` is written twice in the same object; keep one
problem-too-many-entries = has { $count } entries; at most { $max } are accepted
json-kind-text = text (a string in quotes)
json-kind-number = a number
json-kind-boolean = true or false
json-kind-null = null
json-kind-list = a list (a JSON array)
json-kind-object = an object (members in braces)
problem-not-json = the body is not JSON (the reader could go no further than line { $line }, column { $column }); send one flow as a JSON object, or a JSON array of flows
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
diff-none-but-below = the rules decide alike every flow that carries the same categories; the changes below decide what a flow carries or what its consent covers
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
log-replay-undecided = skipped: { $count } run(s) of the dataset gate refused before the flow was decided (nothing to compare)
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

## Decision log verification (mandate log verify, anchor, key, query)

# What kind of damage a finding is.
log-kind-key = key
log-kind-unreadable = unreadable
log-kind-edited = edited
log-kind-signature = signature
log-kind-deleted = deleted
log-kind-reordered = reordered
log-kind-head = head
log-kind-unsigned = unsigned
log-kind-torn = torn
log-kind-truncated = truncated
log-kind-policy = policy
log-kind-anchor = anchor
# What verification found, one sentence each.
log-key-unreadable = { $file }: { $detail }
log-other-key = the log says it is signed with key { $named }, not with the trusted key { $trusted }
log-unreadable = line { $line } is not a log record (edited or corrupted)
log-record-edited = record { $record } ({ $id }) was edited: its bytes do not match its hash
log-record-malformed = record { $record } ({ $id }) is not written as this version writes records ({ $detail })
log-signature-forged = record { $record }'s signature does not verify with key { $key }: it was forged or re-hashed
log-no-policy-hash = record { $record } names no policy hash (`sha256:` and 64 hex digits): it was edited
log-record-deleted = record { $record } is missing before record { $before } (deleted)
log-records-deleted = records { $from }–{ $to } are missing before record { $before } (deleted)
log-reordered = record { $record } appears after record { $after } (reordered or duplicated)
log-chain-broken = record { $record } does not follow the record before it: the chain is broken (a record was replaced)
log-head-unreadable = head.json cannot be read: { $detail }
log-head-missing = head.json is missing: without it, records cut off the end cannot be told apart (it was deleted)
log-head-unsigned = head.json is not signed, but the log is signed with key { $key }: it was replaced
log-head-forged = head.json's signature does not verify with key { $key }: it was forged
log-record-unsigned = record { $record } is not signed, but the log is: it was added or rewritten by someone without the key
log-signatures-stripped = the log holds no signature, but a trusted key was given: it was written without the key, or every signature was stripped
log-torn = the last line ({ $bytes } bytes) is incomplete: an append was interrupted; the next append moves it to torn.jsonl
log-truncated = the log ends at record { $last } but head.json says { $written } were written: records { $from }–{ $written } were cut off
log-emptied = the log is empty but head.json says { $written } records were written
log-last-replaced = the last record { $record } is not the one head.json recorded (replaced)
log-head-not-updated = records { $from }–{ $to } were added without updating head.json
log-policy-misnamed = { $file } is not named by a policy hash: it was put there
log-policy-untrusted = stored policy { $policy } cannot be trusted: { $detail }
log-policy-file-changed = record { $record } was decided under another file of policy { $policy } than the records before it
log-policy-missing = policy { $policy }, under which { $count } record(s) were decided (first: { $first }), is not stored: it was deleted
log-anchor-lost = the log no longer holds record { $record } that the anchor names: it was cut off or rolled back
log-anchor-rewritten = record { $record } is not the one the anchor names (hash { $anchored }, now { $now }): the log was rewritten
log-anchor-forged = the anchor's signature does not verify with key { $key }
# What was checked, and what could not be.
log-note-extends-anchor = the log extends the anchor: record { $record } has hash { $hash }
log-note-appends-interrupted = records { $from }–{ $to } are past head.json: appends were interrupted (a crash) before they updated it; each is signed and chained, and the next append updates head.json
log-note-format-1 = { $count } record(s) are in format 1 (written by an older version): their hash covers their fields, not their bytes, and they are not signed
log-note-authenticated = signatures checked with the trusted key { $key }
log-note-chain-only-format-1 = chain only: the log is in format 1 and holds no signature to check the trusted key against
log-note-not-signed-by-trusted-key = the log is not signed by the trusted key { $key }
log-note-chain-only-own-key = chain only: no trusted public key was given, so signatures were checked only against the key the log names itself ({ $key }); someone who can write the log folder could have rewritten all of it. Give --public-key FILE (or the signing key) to authenticate it
log-note-chain-only-no-key = chain only: records are signed, but no public key was given nor named by the log
log-note-chain-only-unsigned = chain only: the log is not signed, so someone who can write the log folder could have rewritten all of it; keep anchors (`mandate log anchor`) elsewhere
# The verification's lines and summary.
log-verify-problem = { $kind }: { $message }
log-verify-problem-at = { $kind }: line { $line }: { $message }
log-verify-note = note: { $note }
log-verify-intact = intact
log-verify-intact-chain-only = intact (chain only, NOT authenticated: no trusted key)
log-verify-summary = { $state }: { $count } records; last record { $seq } has hash { $hash }
log-verify-empty = { $state }: the log is empty
log-verify-not-intact = NOT intact: { $problems } problem(s) in { $count } records
log-not-a-log = { $dir }: not a decision log (no { $file })
log-anchor-refused = the log does not verify; an anchor of it would vouch for tampering
log-anchor-empty = { $dir }: the log is empty: nothing to anchor
log-anchor-untrusted = note: the log's signatures were not checked with a trusted key (give --public-key FILE or the signing key)
log-key-created = note: created a new log signing key at { $path }
log-key-created-apart = note: created a new log signing key at { $path } (public key { $key }); keep it apart from the log, and give the public key to whoever verifies the log
log-key-nowhere = no place for the log signing key: name one with --key FILE or MANDATE_LOG_KEY
log-query-count = { $shown } of { $count } records match
log-show-no-flow = record { $id } holds no readable flow ({ $error }); it was logged as: { $reason }
log-bound-invalid = `{ $text }` is not a date (YYYY-MM-DD) or an RFC 3339 time

## Why the decision log, its key or a stored policy cannot be used

log-error-at = { $path }: { $problem }
log-error-not-found = no record with id { $id } in the log
log-problem-public-key-malformed = a public key is `ed25519:` followed by 64 hex digits
log-problem-public-key-invalid = not a valid Ed25519 public key
log-problem-no-randomness = the system gave no randomness for a new signing key ({ $detail })
log-problem-key-not-a-file = the log signing key is not a regular file
log-problem-key-shared = the log signing key can be read or written by other users (mode { $mode }); whoever reads it can rewrite the log. Run `chmod 600 { $path }`
log-problem-not-a-signing-key = not a log signing key (it should start with `{ $prefix }`)
log-problem-no-key-place = no place for the log signing key: name one with --log-key FILE or MANDATE_LOG_KEY
log-problem-key-inside-log = the signing key must be kept outside the log folder { $log }, where whoever can write the log could read it
log-problem-record-not-undone = a record could not be completed ({ $error }) nor removed again ({ $undo }): the log holds a decision that was answered as an error; run `mandate log verify`
log-problem-not-extendable = { $why }; nothing was appended. Run `mandate log verify` on this folder
log-problem-last-record-too-long = the last record is longer than can be read back
log-problem-last-record-not-utf8 = the last record is not UTF-8
log-problem-last-record-unreadable = the last record cannot be read ({ $detail }); run `mandate log verify`
log-problem-unparsable = cannot be read ({ $detail })
log-problem-not-a-policy-hash = `{ $hash }` is not a policy hash (`sha256:` and 64 hex digits)
log-problem-policy-not-serialised = cannot write the policy as JSON ({ $detail })
log-problem-attestation-not-serialised = cannot write the gate's attestation as JSON ({ $detail })
log-problem-stored-policy-not-utf8 = the stored policy is not UTF-8; run `mandate log verify`
log-problem-stored-policy-unreadable = the stored policy is not a compiled policy ({ $detail }); run `mandate log verify`
log-problem-stored-policy-replaced = it holds policy { $holds }, not { $wanted }: it was replaced; run `mandate log verify`
log-problem-stored-policy-changed = it is not the file the decision was made under (its rule texts or locations were changed)
log-problem-replay-worker-stopped = a replay worker stopped unexpectedly, so the replay is incomplete
log-extend-signed-but-no-key = this log is signed, and no signing key was given to extend it
log-extend-other-key = this log says it is signed with key { $named }, not with the key given ({ $given })
log-extend-unsigned = this log was written without a signing key (or by an older version of mandate), so its records cannot be vouched for now; log new decisions to a new folder
log-extend-head-not-signed = { $head } is not signed by this log's key
log-extend-head-over-empty = { $head } vouches for { $count } records but the log holds none
log-extend-last-record-edited = the last record ({ $record }) does not match its hash
log-extend-head-missing = { $head } is missing
log-extend-last-record-not-head = the last record ({ $record }) is not the one { $head } vouches for ({ $vouched })

## The HTTP service's own messages on its standard error (mandate serve)

serve-log-not-opened = cannot open the decision log: { $error }
serve-key-unreadable = cannot read the log signing key: { $error }
serve-key-created = mandate serve: created a new log signing key at { $path } (public key { $key })
serve-shadow-log-not-opened = cannot open the shadow disagreements log: { $error }
serve-no-runtime = cannot start the runtime: { $error }
serve-cannot-listen = cannot listen on { $addr }: { $error }
serve-no-address = cannot read the address listened on: { $error }
serve-accept-failed = mandate serve: cannot accept a connection: { $error }
serve-still-in-flight = mandate serve: requests still in flight after { $seconds } s; stopping anyway
serve-shutting-down = mandate serve: shutting down; finishing requests in flight
serve-no-watcher = cannot watch the policy for changes: { $error }
serve-cannot-watch = cannot watch { $path } for changes: { $error }
serve-no-sighup = cannot listen for SIGHUP: { $error }
serve-sighup = mandate serve: SIGHUP: reloading the policy
serve-reloaded = mandate serve: reloaded the policy ({ $policy })
serve-reload-failed = mandate serve: the changed policy does not compile; the policy in service is kept:
serve-shadow-does-not-load = the shadow policy does not load:
serve-shadow-no-thread = cannot start the shadow policy's thread: { $error }
serve-not-logged = mandate serve: a decision could not be logged: { $error }

## Option errors (clap finds them; in English its own words are shown)

cli-option-unknown = unexpected argument '{ $arg }'
cli-option-unknown-command = unrecognized subcommand '{ $command }'
cli-option-invalid-value = invalid value '{ $value }' for '{ $arg }'
cli-option-value-refused = invalid value '{ $value }' for '{ $arg }': { $detail }
cli-option-missing = the following required arguments were not provided: { $arg }
cli-option-missing-command = a command is required
cli-option-conflict = the argument '{ $arg }' cannot be used with '{ $prior }'
cli-option-no-equals = equal sign is needed when assigning values to '{ $arg }'
cli-option-value-count = wrong number of values for '{ $arg }'
cli-option-not-utf8 = invalid UTF-8 was detected in one or more arguments
cli-option-valid = possible values: { $values }
cli-option-tip = tip: a similar argument exists: '{ $suggested }'
cli-option-tip-command = tip: some similar subcommands exist: { $suggested }
cli-option-usage = Usage: { $usage }
cli-option-more = For more information, try '--help'.

## A plugin that cannot be used, or a call into it that failed (check --plugin, host::Plugin)

host-module = the plugin is not a valid WASM module: { $why }
host-module-component = it is a component, and a plugin is a core module
host-too-large = the plugin is too large to compile: { $why }
host-large-module = it is { $bytes } bytes, more than the { $limit } a plugin may have
host-large-code = its code is { $bytes } bytes, more than the { $limit } a plugin may have
host-large-function = one of its functions is { $bytes } bytes, more than the { $limit } a function may have
host-large-functions = it defines { $count } functions, more than the { $limit } a plugin may have
host-imports = the plugin imports `{ $import }`; a plugin must import nothing
host-abi = the plugin does not follow the mandate ABI: { $why }
host-abi-no-memory = no exported memory `{ $name }`
host-abi-no-function = no exported function `{ $name }: { $signature }`
host-abi-version = ABI version { $found }, this host speaks version { $spoken }
host-abi-buffer-outside = alloc returned a buffer outside memory
host-abi-policy = its embedded policy does not load
host-abi-hash-length = a policy hash of { $bytes } bytes
host-abi-hash-not-utf8 = a policy hash that is not UTF-8
host-trap = the plugin failed: { $why }
host-trap-flow-too-large = the flow is larger than a 32-bit plugin can take
host-trap-no-memory = the plugin could not allocate memory
host-trap-no-instance = no instance
host-trap-fuel = it ran out of fuel (an endless loop, or a limit too low)
host-trap-memory-limit = it reached its memory limit
host-trap-trapped = it trapped: { $detail }
host-output = the plugin returned a malformed decision: { $why }
host-output-too-large = { $bytes } bytes, more than the limit of { $limit }
host-output-not-utf8 = not UTF-8
host-output-not-a-decision = not a decision: { $detail }
host-output-other-policy = it names policy { $named } instead of { $own }
host-output-other-flow = it answers for flow { $named } instead of { $asked }
host-output-outside-memory = it points outside the plugin's memory

## The precompiled-module cache of plugins (check --plugin): the plugin still loads
cache-not-opened = { $why }; the plugin is compiled without the cache
cache-refused = the cache entry { $entry } is ignored and compiled again: { $why }
cache-entry-unreadable = it cannot be read ({ $why })
cache-entry-not-an-entry = it is not a mandate cache entry
cache-entry-tag = its authentication tag does not match (it was altered, or made for another plugin or with another key)
cache-does-not-load = the cache entry { $entry } does not load ({ $detail }); it is compiled again
cache-not-written = the cache entry { $entry } could not be written: { $detail }
cache-not-serialised = the plugin could not be cached: { $detail }
cache-no-key-place = there is no place for the cache key (set MANDATE_CACHE_KEY, XDG_CONFIG_HOME or HOME)
cache-key-inside = the cache key { $key } must not be inside the cache folder { $folder }
cache-folder-not-created = the { $of ->
    [key] folder of the cache key
   *[cache] cache folder
} { $folder } cannot be created: { $detail }
cache-folder-not-read = the { $of ->
    [key] folder of the cache key
   *[cache] cache folder
} { $folder } cannot be read: { $detail }
cache-folder-not-a-folder = the { $of ->
    [key] folder of the cache key
   *[cache] cache folder
} { $folder } is not a folder
cache-folder-other-owner = the { $of ->
    [key] folder of the cache key
   *[cache] cache folder
} { $folder } belongs to another user (uid { $uid }); use a folder of your own
cache-folder-writable = the { $of ->
    [key] folder of the cache key
   *[cache] cache folder
} { $folder } can be written by other users (mode { $mode }); make it yours alone with `chmod go-w` on it
cache-key-unusable = the cache key { $key } cannot be used: { $why }
cache-key-no-randomness = no random cache key { $key } could be made: { $detail }
cache-key-not-created = the cache key { $key } cannot be created: { $detail }
cache-file-io = { $detail }
cache-file-not-regular = it is not a regular file
cache-file-too-large = it is { $bytes } bytes, more than the { $limit } accepted
cache-file-grew = it grew while being read
cache-file-other-owner = it belongs to another user (uid { $uid })
cache-file-others-can-access = other users can read or write it (mode { $mode }); delete it, or `chmod 600` it if nobody else has seen it
cache-file-short = it is shorter than 32 bytes
cache-file-long = it is longer than 32 bytes

## The HTTP service's refusals (mandate serve): answers that are not a decision of the policy's
serve-body-too-large = the request body is larger than { $max } bytes
serve-body-unreadable = the request body could not be read: { $detail }
serve-body-timeout = the request body did not arrive within { $ms } ms; nothing was decided
serve-busy = the service is busy: no turn came within { $ms } ms; nothing was decided
serve-batch-too-large = a batch holds at most { $max } flows; this one has { $count }
serve-batch-malformed = a batch must be a JSON array of flows: { $detail }
serve-out-of-time = the request took longer than { $ms } ms waiting for its turn; nothing was decided
serve-explanation-out-of-time = the explanation took longer than { $ms } ms; nothing was explained, and the flow is denied
serve-decision-failed = the decision failed
serve-explanation-failed = the explanation failed
serve-internal-error = internal error while deciding; the flow is denied
serve-no-endpoint = no such endpoint: { $path }; the endpoints are { $endpoints }

## The dataset gate (`mandate gate`): why nothing was written, and what was done.
gate-io = { $path }: { $error }
gate-empty = the data file is empty: it has no header row
gate-not-utf8 = row { $row }, column { $column } ({ $header }): the cell is not UTF-8 text; save the file as UTF-8 and try again
gate-ragged-row = row { $row } has { $found } cells where the header has { $expected }: every row must have one cell per column
gate-cell-too-large = row { $row }, column { $column } ({ $header }): the cell is longer than { $limit } bytes, the most the gate accepts (--max-cell-bytes)
gate-row-too-large = row { $row } is longer than { $limit } bytes, the most the gate reads for one row: it was not read further
gate-malformed-csv = row { $row } is not valid CSV: { $error }
gate-bad-hxl-row = the second row holds hashtags, so it is read as the HXL row, but column { $column } ({ $header }) holds “{ $cell }”, which is not a hashtag: write a hashtag such as #adm1 or leave the cell empty
gate-no-categories = nothing says what the columns hold: add an HXL hashtag row under the header, or give a column map with --columns
gate-unmapped-column = column { $column } ({ $header }) { $tag ->
    [none] has no category
   *[other] has the hashtag { $tag }, which the policy maps to no category
}, so it cannot be passed through; { $suggestion ->
    [none] map it in a column map, or remove it from the data
   *[other] did you mean { $suggestion }?
}
gate-duplicate-column = two columns are called “{ $header }”: give each column its own header
gate-bad-map-line = line { $line } of the column map is not `column,category` or `column,category,role`
gate-unknown-category = line { $line } of the column map names the category { $category }, which the policy does not declare{ $suggestion ->
    [none] {""}
   *[other] ; did you mean { $suggestion }?
}
gate-unknown-column = the data has no column “{ $column }”{ $suggestion ->
    [none] {""}
   *[other] ; did you mean “{ $suggestion }”?
}
gate-unknown-role = line { $line } of the column map gives the role “{ $role }”: the roles are date, weight and sum
gate-bad-flow = the flow cannot be read: { $error }
gate-no-key = the flow must pseudonymize some columns and no key was given: pass --key-file, or set MANDATE_GATE_KEY
gate-short-key = the pseudonymisation key has { $length } bytes; a key needs at least { $least }
gate-no-date-column = the flow must keep records only for a limited time, and no column holds the record's date: map one with the role date, or pass --date-column
gate-bad-date = row { $row }, column { $column } ({ $header }): “{ $value }” is not a date (write 2026-05-12 or an RFC 3339 time), so the record's age is unknown
gate-bad-number = row { $row }, column { $column } ({ $header }): “{ $value }” is not a number
gate-no-dimensions = the flow must be aggregated and no dimension is named: name them in the policy (aggregate by [..]) or with --by
gate-unknown-dimension = the aggregation dimension “{ $dimension }” { $matches ->
    [0] matches no released column (by header, category or hashtag)
   *[other] matches { $matches } columns: name it by header with --by
}
gate-too-few-records = only { $records } records remain, fewer than k = { $k }: no suppression can make them { $k }-anonymous
gate-too-much-suppression = reaching k would suppress { $suppressed } of { $total } quasi-identifier values ({ $share }), more than the { $allowed } the policy allows
gate-risk-too-high = the global re-identification risk is { $measured } after suppression, above the { $allowed } the policy allows
gate-unsupported-obligation = the flow carries the obligation “{ $kind }”, which the gate cannot carry out on the data, so nothing was released
gate-released = released { $output }: { $rows } rows from { $records } records
gate-dropped = columns dropped (outside the permitted categories): { $columns }
gate-pseudonymized = columns pseudonymized: { $columns }
gate-expired = records dropped as older than the retention limit: { $count }
gate-suppressed = quasi-identifier values suppressed: { $count } of { $total } ({ $share })
gate-cells = cells: { $total }, suppressed below k: { $primary }, suppressed to protect them: { $secondary }
gate-measured-k = smallest group: k = { $k }
gate-measured-risk = global re-identification risk: { $risk }
gate-left = left to the recipient: { $obligations }
gate-nothing-written = nothing was written
gate-differencing = with the earlier release { $earlier } ({ $time }) about the same population, this one would give away the cell [{ $cell }]: a suppressed count recomputed by subtraction, or a group of fewer than k people isolated by the difference
gate-register-corrupt = the release register file { $file } does not match its recorded hash: it was changed or damaged, so earlier releases cannot be checked
gate-registered = recorded in the release register as { $id }
gate-not-logged = the run could not be recorded in the decision log ({ $error }), so nothing was released
gate-attested-released = gate: released; input { $input }, output { $output }
gate-attested-refused = gate: nothing released ({ $code }); input { $input }

## Parameterised obligations: k-anonymity and the re-identification risk.
obligation-k-anonymity = k-anonymity on [{ $on }] with k >= { $k }
obligation-k-anonymity-suppressing = k-anonymity on [{ $on }] with k >= { $k } suppressing at most { $share }
obligation-reidentification-risk = reidentification risk at most { $max } on [{ $on }]
# Data maps: words that replace English in Rust, and the DPIA draft (mandate audit --dpia).
map-no-rule-allows = (no rule allows it)
map-invalid-hop = (invalid flow)
map-question-any = any data
map-question-category = category { $value }
map-question-to-kind = to kind { $value }
map-question-to = to { $value }
map-question-subject = subject { $value }
map-question-purpose = purpose { $value }
map-progress = states explored
dpia-title = Data protection impact assessment (draft): { $map }
dpia-draft-note = A draft made by mandate from the data map as of { $at }, judged under policy { $policy }. It holds what the map knows; a data protection officer must review it, answer the open questions at the end, and complete the sections the map cannot fill before anyone signs it.
dpia-col-section = Section
dpia-col-filled = From the map
dpia-status-filled = filled from the map
dpia-status-partly = partly filled from the map; to complete
dpia-status-not-filled = not filled: the map does not know this
dpia-section-scope = Need for the assessment and its scope
dpia-section-description = Description of the processing and its data flows
dpia-section-consultation = Consultation of the people concerned and of stakeholders
dpia-section-necessity = Necessity and proportionality
dpia-section-risks = Risks to the people concerned
dpia-section-measures = Measures to address the risks
dpia-section-signoff = Recommendations, approval and review
dpia-about-scope = Why the assessment is made and what it covers. The map gives its size below; say why an assessment is needed (new processing, large or repeated transfers to partners, sensitive data, new technology) and who carries it out.
dpia-about-description = Each processing operation: a dataset, where it is collected, for what purpose and on what basis, and every system, recipient, country and transfer its data reaches, with the agreement each transfer is made under.
dpia-about-consultation = Who was consulted (the people whose data it is or their representatives, partners, the data protection office) and what they said. The map holds none of this.
dpia-about-necessity = Whether each use is needed for the purpose and no more data is used than it needs. The map lists the purposes each dataset is used for; whether they are necessary and proportionate is for a person to judge.
dpia-about-risks = The paths the policy does not allow are listed as findings, each with the rules and citations that decide it. The likelihood and severity of harm to the people concerned are not in the map and must be assessed.
dpia-about-measures = The obligations the policy attaches to the allowed transfers are the measures already required. Other measures (security, training, contracts) must be added.
dpia-about-signoff = The recommendations, who approves them, and when the assessment is reviewed. The map holds none of this.
dpia-scope-counts = The map holds { $operations } processing operation(s) (datasets), whose data travels over { $transfers } transfer(s) to { $recipients } recipient(s) in { $countries } country or countries; { $findings } finding(s).
dpia-operation = Processing operation: { $dataset }
dpia-not-stated = not stated in the map
dpia-none = none
dpia-label-collected = Collected at
dpia-label-purpose = Purpose of collection
dpia-label-basis = Legal basis
dpia-label-subjects = Data subjects
dpia-label-categories = Data categories
dpia-label-systems = Systems
dpia-label-recipients = Recipients
dpia-label-countries = Countries
dpia-no-transfers = Its data is not transferred.
dpia-col-transfer = Transfer
dpia-col-route = From → to
dpia-col-purpose = Purpose
dpia-col-basis = Basis
dpia-col-agreement = Agreement
dpia-col-carries = Carries
dpia-col-measure = Measure
dpia-col-imposed-by = Required by
dpia-no-agreement = none
dpia-agreement = { $id } (in force { $from } to { $to }; { $onward ->
    [yes] onward transfer allowed
   *[no] no onward transfer
  })
dpia-basis-dataset = the dataset's
dpia-purposes = { $dataset } is collected for { $purpose } and transferred for: { $uses }.
dpia-no-findings = The policy allows every path of the map.
dpia-finding = Finding { $n }: { $dataset } over { $path }
dpia-label-outcome = Outcome
dpia-outcome = { $kind ->
    [forbidden] forbidden by the policy
    [gap] not allowed: a fact the policy needs is missing
    [review_required] held for a named approval
    [not_permitted] not allowed: no rule permits it
    [error] in error: the map states something the policy cannot read
   *[other] not allowed
  } ({ $paths } path(s))
dpia-label-reason = Why
dpia-label-rule = Rule
dpia-label-at = written at
dpia-label-cite = cites
dpia-no-measures = The allowed transfers carry no obligation.
dpia-open-questions = Open questions for the data protection officer
dpia-question-no-basis = What is the legal basis for collecting { $name }? The map states none.
dpia-question-no-subjects = Whose data is { $name }? The map does not say, so rules about particular groups could not be applied.
dpia-question-no-agreement = Under which agreement is { $name } made? It goes to another party and the map names none.
dpia-question-unused-transfer = Does { $name } still happen? No data of the map travels over it.
dpia-question-necessity = Is each transfer necessary for its purpose, and could less data (aggregates, pseudonyms) serve?
dpia-question-retention = How long does each recipient keep the data, and how is it deleted?
dpia-question-likelihood = For each finding and each transfer, how likely and how severe is harm to the people concerned?
dpia-question-security = Which security measures protect each system, and who can access it?
dpia-question-rights = How can the people concerned be informed, and exercise their rights of access, correction and objection?
dpia-question-consultation = Who was consulted, including the people concerned or their representatives?

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

## Set conditions and flows without data (`data any of`, `all of`, `none of`, `other than`)
fact-data-none = the flow carries no data category
fact-data-some = the flow carries data ({ $data })
fact-subjects-none = the flow states that its data is about no one
fact-subjects-some = the flow names whose data it is ({ $subjects })

## `mandate import fides`: a Fides project (policies, systems, datasets) as a pack
fides-yaml = { $file }: not valid YAML: { $detail }
fides-shape = { $file }, at { $key }: expected { $expected }
fides-matches = { $file }, at { $key }: `matches` is "{ $found }"; Fides knows ANY, ALL, NONE and OTHER
fides-unknown-dataset = { $file }, at { $key }: the dataset { $dataset } is referenced but no file declares it; add the dataset's file, or remove the reference
fides-duplicate-key = { $file }: { $key } is declared twice; give each resource its own fides_key
fides-too-deep = { $file }, at { $key }: dataset fields are nested more than { $max } levels deep
fides-empty = no Fides policy or system found: give the files that hold `policy:` and `system:`
fides-expected-kinds = a mapping of resource kinds (`policy`, `system`, `dataset`)
fides-expected-list = a list
fides-expected-fields = a mapping of fields
fides-expected-keys = a list of keys
fides-expected-key = a `fides_key`
fides-expected-matches-values = `matches` and `values`
fides-expected-data-use = a `data_use`
fides-note-duplicate = { $file }, { $key }: { $value } is listed twice; it counts once
fides-needs-output = error: --project needs -o FOLDER, the pack folder to write
fides-wrote-pack = wrote the pack { $folder } ({ $flows } flows)

## The browser workbench (workbench/web): the page's own words
workbench-title = mandate workbench
workbench-subtitle = Write a policy, try a flow, see why. Everything runs in this page; nothing is sent anywhere.
workbench-language = Language
workbench-example = Example pack
workbench-open-folder = Open a pack folder
workbench-save-pack = Save the pack (.tar)
workbench-files = Files
workbench-editor = Policy editor
workbench-editor-text = Text of the open file
workbench-format = Format this file
workbench-diagnostics = Problems
workbench-no-problems = No problems: the pack compiles.
workbench-apply-fix = Apply the fix
workbench-tab-flow = Flow
workbench-tab-tests = Tests
workbench-flow-example = Flow from the pack
workbench-flow-form = Flow form
workbench-flow-json = Flow as JSON
workbench-flow-json-invalid = This is not valid JSON; the form shows the last valid flow.
workbench-field-id = Flow id
workbench-field-at = When (RFC 3339)
workbench-field-from = Sender
workbench-field-to = Recipient
workbench-field-data = Data categories
workbench-field-subjects = Data subjects
workbench-field-purpose = Purpose
workbench-field-collected-for = Collected for
workbench-field-basis = Legal basis
workbench-field-consent = Consent record
workbench-field-consent-status = Status
workbench-field-consent-purposes = Purposes consented to (comma-separated)
workbench-field-consent-recipients = Recipients consented to (comma-separated)
workbench-field-consent-countries = Countries (comma-separated ISO codes)
workbench-field-consent-given = Given at
workbench-field-approvals = Approvals
workbench-field-approval-role = Role
workbench-field-approval-at = Given at
workbench-add-approval = Add an approval
workbench-remove = Remove
workbench-none = (none)
workbench-decide = Decide
workbench-save-flow = Save the flow (.json)
workbench-decision = Decision
workbench-deciding-rules = Deciding rules
workbench-explanation = Explanation
workbench-remedies = Remedies
workbench-no-remedies = No remedy: the flow is allowed, or no change within reach allows it.
workbench-apply-remedy = Apply this remedy
workbench-remedy-changes-policy = This remedy also changes the pack's agreements; the decision shown assumes that change. Edit the pack to make it.
workbench-run-tests = Run the tests
workbench-tests-summary = passed / failed
workbench-coverage = Coverage
workbench-pack-has-errors = The pack has errors: fix the problems listed under the editor first.
workbench-no-such-remedy = There is no such remedy for this flow.
workbench-no-tests = This pack has no tests (flows/expected.json or tests/*.json).
workbench-format-syntax = The file does not parse; fix its problems before formatting it.
workbench-tab-diff = Changes
workbench-diff-run = Compare with the saved pack
workbench-diff-classes = classes of flows decided otherwise than by the saved pack
workbench-saved-has-errors = The saved pack has errors, so there is nothing to compare with.
workbench-loading = Loading the engine…
workbench-engine-failed = The engine could not be loaded in this browser.
workbench-cli-written = wrote the workbench ({ $count } files); serve that folder over HTTP (or use `mandate serve`) and open { $page }
workbench-cli-no-engine = this build of mandate has no workbench engine: the wasm32-unknown-unknown target was missing when it was built; add it (`rustup target add wasm32-unknown-unknown`) and build again with `--features cli,workbench`

## Consent and compatible purposes (`consent extends to compatible purposes`)
fact-consent-covers-compatible = { $consent } covers { $purpose } only because this policy extends consent to compatible purposes ({ $cite }): { $purpose } is declared compatible with { $given_for }, for which it was given; it covers recipient and country
consent-gap-purpose-compatible-only = it was given for { $given_for }, and { $purpose } is only declared compatible with that: in this policy consent covers the purposes it was given for and those within them, not compatible ones
diff-hashtag-added = HXL tag { $tag } now maps to { $now }: flows naming it, or a hashtag carrying all its attributes, are read as { $now }
diff-hashtag-removed = HXL tag { $tag } no longer maps to { $before }: a flow naming it is an input error, unless a less specific declared tag reads it
diff-hashtag-moved = HXL tag { $tag } now maps to { $now }, no longer to { $before }: flows naming it carry other data
diff-consent-extends-added = consent now extends to purposes declared compatible ({ $cite }): consent given for a purpose also covers the purposes declared compatible with it
diff-consent-extends-removed = consent no longer extends to purposes declared compatible: it covers the purposes it was given for and those within them only
diff-consent-extends-recited = consent still extends to purposes declared compatible, now citing { $cite } (changes no decision)

## Obligations: key custody, no re-identification, DPIA
obligation-keys-held-by-sender = encrypt with keys held by the sender only: neither the recipient nor a processor may hold them
obligation-no-reidentification = no attempt to re-identify the people the data is about
obligation-dpia = a data protection impact assessment is required: { $reference }
fact-dpia-unstated = this rule requires a data protection impact assessment (DPIA), and the flow states no reference to one (`"dpia": {"{"}"ref": "…"{"}"}`): whether one was made is unknown

## The dataset gate's workbooks (XLSX) and encryption at rest (age).
gate-too-large = the data file is larger than { $limit } bytes, the most the gate holds in memory for a workbook or a sheet: save the table as CSV, which the gate reads row by row
gate-unpacked-too-large = the workbook unpacks to more than { $limit } bytes, the most the gate unpacks: it is either a very large table, which the gate reads row by row when saved as CSV, or an archive built to unpack without end, which is not read
gate-bad-workbook = the file starts like an XLSX workbook but cannot be read as one ({ $error }): save it again from the spreadsheet program as .xlsx, or as CSV
gate-no-sheet = the workbook has no sheet called “{ $sheet }”; its sheets are: { $available }
gate-in-sheet = sheet “{ $sheet }”{ $cell ->
    [none] {""}
   *[other] , cell { $cell }
}: { $error }
gate-past-header = row { $row }, column { $column }: the cell holds a value but its column has no header: give the column a header, or clear the cell
gate-cell-error = row { $row }, column { $column } ({ $header }): the cell holds the spreadsheet error { $value }, whose value is unknown: correct the formula or clear the cell
gate-needs-feature = the data file is { $format }, which this build of mandate reads only with the feature `{ $feature }`: rebuild with `cargo install --path . --features cli,{ $feature }` (or `--features full`), or save the table as CSV
gate-no-recipient = the flow must be encrypted at rest and no recipient was given: pass --recipient with an age public key (age1…) or --recipient-file with a file of them
gate-hash-failed = the SHA-256 of the data or of the release could not be computed, so nothing was released
gate-bad-recipient = “{ $recipient }” is not an age public key ({ $error }): a recipient starts with age1, as `age-keygen` prints it
gate-encrypted = encrypted at rest (age) for: { $recipients }
gate-encryption-needs-feature = the release must be encrypted at rest (or recipients were given), and this build of mandate encrypts only with the feature `{ $feature }`: rebuild with `cargo install --path . --features cli,{ $feature }` (or `--features full`)

## Remedies and coverage for the policy language's later constructs (DPIA reference, consent through compatible purposes, exceptions).
remedy-state-dpia = state the reference of the data protection impact assessment (DPIA) this transfer relies on (`"dpia": {"{"}"ref": "…"{"}"}`); if none was made, carry one out first
test-coverage-consent-extends = consent extends to compatible purposes ({ $cite })
test-coverage-consent-through-compatible = consent reaches a compatible purpose
map-dpia-blank = { $owner } states a DPIA with a blank reference: give the assessment's reference (`dpia = {"{"} ref = "DPIA-…" {"}"}`), or leave `dpia` out if the transfer relies on none
test-coverage-check-exception = exception to { $check } ({ $cite })
test-coverage-exception-lifts = exception lifts the check
test-coverage-exception-does-not-lift = exception does not hold where the check fails

## Files and folders the command line could not read or write
file-error = error: { $path }: { $what }
file-not-found = no such file or folder
file-permission-denied = permission denied; check who may read or write it
file-is-a-folder = this is a folder; give a file
file-not-a-folder = part of this path is a file, not a folder
file-already-exists = it already exists; choose another name or remove it first
file-not-utf8 = not UTF-8 text; save it as UTF-8
file-storage-full = the disk is full; nothing was written
file-read-only = the file system is read-only; write somewhere else
file-other = { $detail }

## The dataset gate's Parquet and Arrow IPC files.
gate-in-table = the { $format } file{ $unit ->
    [group] , row group { $part }
    [batch] , record batch { $part }
   *[none] {""}
}: { $error }
gate-bad-table = the file starts like a { $format } file but cannot be read as one ({ $error }): write it again from the program that made it, or save the table as CSV
gate-unsupported-type = column { $column } ({ $header }) holds values of the type { $type }, which the gate does not turn into text: it reads text, numbers, true/false, dates, times, timestamps and decimals; cast the column to one of these, or leave it out of the file
gate-output-needs-feature = the release is to be written as { $format }, which this build of mandate writes only with the feature `{ $feature }`: rebuild with `cargo install --path . --features cli,{ $feature }` (or `--features full`), or write the release as CSV (`--output-format csv`)
gate-refused-undecided = the dataset gate refused before deciding the flow ({ $code }): nothing was released

## Data-map audit: wall time per phase (`audit --timings`, `reach --timings`)
map-timing = time { $phase }: { $seconds } s
map-timing-total = time total: { $seconds } s on { $threads } thread(s)

## Command line: prefixes, errors, progress and summaries (src/cli)
cli-error = error: { $message }
cli-error-code = error[{ $code }]: { $message }
cli-warning = warning: { $message }
cli-note = note: { $message }
file-trouble = { $path }: { $what }
cli-wrote = wrote { $path }
cli-needs-feature = error: { $what } needs feature `{ $feature }`, and this build of mandate was made without it
cli-needs-feature-install = help: from the repository, install a build with it: `cargo install --path . --features cli,{ $feature }` (or `--features full` for everything)
cli-needs-feature-run = help: or run it there with `cargo run --features cli,{ $feature } -- …`
cli-feature-check-plugin = deciding with a plugin (`check --plugin`)
cli-feature-compile-wasm = writing a WASM plugin (`compile --wasm`)
cli-feature-serve = `mandate serve` (the HTTP decision service)
cli-feature-workbench = `mandate workbench` (the policy workbench in the browser)
cli-compile-wasm-target = help: that build also needs the wasm32-unknown-unknown target: `rustup target add wasm32-unknown-unknown`
cli-compile-binary-to-terminal = a plugin is binary; write it to a file with -o FILE.wasm
cli-compile-unserialisable = cannot serialise the policy: { $error }
cli-compile-wrote = wrote { $path } ({ $bytes } bytes, policy { $hash })
cli-policy-does-not-compile = the policy { $path } does not compile; nothing was decided
cli-lint-does-not-compile = the policy { $path } does not compile; fix it before linting
cli-lint-not-a-date = `{ $text }` is not a date; write YYYY-MM-DD
cli-lint-summary = { $path }: lint of "{ $policy }" as of { $today }: { $errors } error(s), { $warnings } warning(s)
cli-map-has-problems = the map { $map } has { $count } problem(s); nothing was audited
cli-threads-not-started = cannot start { $threads } threads: { $error }
cli-dot-missing = --svg needs Graphviz's `dot` program, which is not on PATH: install Graphviz (e.g. `apt-get install graphviz`), or write DOT with `--format dot` and render it elsewhere
cli-dot-not-run = cannot run Graphviz's `dot`: { $error }
cli-dot-not-written = cannot write to Graphviz's `dot`: { $error }
cli-dot-failed = Graphviz's `dot` failed: { $error }
cli-dpia-not-written = cannot write the DPIA to { $path }: { $error }
cli-shadow-log-not-opened = cannot open the shadow disagreements log: { $error }
cli-log-not-opened = cannot open the decision log: { $error }
cli-plugin-broken = { $path }: { $error }; every flow is denied
cli-not-logged = the decision could not be logged: { $error }
cli-flow-unreadable = cannot read the flow: { $error }
cli-line-unreadable = line { $line }: { $error }
cli-check-line = line { $line }
cli-not-logged-detail = the decision could not be logged ({ $error })
cli-line-allow = allow
cli-line-deny = deny
cli-line-review = review
cli-line-with-kind = { $verdict } ({ $kind })
cli-fmt-too-deep = more than { $max } folders deep; format a folder nearer the packs
cli-fmt-not-utf8 = { $path }: not UTF-8 text; policy files are UTF-8
cli-fmt-does-not-parse = { $path } does not parse, so it was not formatted; fix it first
cli-fmt-unsafe = { $path }: { $why }; the file was left as it is
fmt-unsafe-tokens = formatting would change the tokens of this file
fmt-unsafe-parse = the formatted file would not parse
cli-fmt-would-reformat = would reformat { $path }
cli-fmt-formatted = formatted { $path }
cli-fmt-summary = { $changed } of { $count } file(s) would be reformatted; run `mandate fmt` on them
cli-init-name = --name: { $error }
cli-init-name-empty = the name is empty
cli-init-name-unsafe = the name may not hold quotes, backslashes or line breaks
cli-init-not-empty = the folder is not empty; `mandate init` writes a new pack into a new or empty folder
cli-init-wrote = wrote a starter policy pack in { $dir } ({ $count } files)
cli-init-next = next:
cli-init-then = then edit { $dir }/main.policy and { $dir }/rules.policy; { $dir }/README.md says how
# The address comes last, alone: scripts and tests read it from the end of the line.
cli-serve-listening = mandate serve: listening on http://{ $addr }
cli-test-not-a-number = `{ $text }` is not a number; give a percentage such as 90
cli-test-out-of-range = `{ $text }` is not between 0 and 100
cli-validate-no-policy = { $path }: no `.policy` files in this folder or below it
cli-validate-ok = { $path }: ok: "{ $policy }" — { $categories } categories, { $subjects } subjects, { $purposes } purposes, { $kinds } party kinds, { $parties } parties, { $agreements } agreements, { $rules } rules{ $warnings ->
    [0] {""}
   *[other] , { $warnings } warning(s)
}
cli-validate-failed = { $path }: { $errors } error(s), { $warnings } warning(s)

## Data-map files that cannot be read or checked (audit, reach)
map-error = { $at }: { $message }
map-owner-dataset = dataset `{ $name }`
map-owner-transfer = transfer `{ $name }`
map-too-large = the map is { $bytes } bytes; at most { $max } are accepted
map-not-utf8 = the map is not UTF-8 text
map-unreadable = { $detail }
map-syntax = { $detail }
map-bad-time = `at = "{ $at }"` is not a time: write RFC 3339 (2026-03-01T00:00:00Z) or a date (2026-03-01)
map-duplicate-system = the system `{ $name }` is declared twice
map-duplicate-dataset = the dataset `{ $name }` is declared twice
map-unknown-party = system `{ $system }` names the unknown party `{ $party }`: the policy declares no such party{ $hint }
map-unknown-term = { $owner } names the unknown { $sort } `{ $name }`{ $hint }
map-unmapped-hashtag = { $owner } names the HXL hashtag `{ $tag }`, which no category of the policy maps: map it with `hxl "{ $tag }" for CATEGORY` in the policy, or name the category
map-unknown-system = { $owner } names the unknown system `{ $name }`: the map declares no such system{ $hint }
map-unknown-dataset = { $owner } names the unknown dataset `{ $name }`: the map declares no such dataset{ $hint }
map-no-category = { $owner } lists no data category
map-unknown-agreement = { $owner } names the unknown agreement "{ $agreement }"{ $hint }
map-agreement-does-not-bind = { $owner }: agreement "{ $agreement }" does not bind { $from } → { $to }
map-query-unknown-term = { $flag }: unknown { $sort } `{ $name }`{ $hint }
map-query-unknown-party = { $flag }: unknown party `{ $name }`{ $hint }

## Diagnostics: what the compiler, the loader and lint found wrong in a policy, with the
## place (labels), the likely fix (help) and context (notes). Names, paths and keywords are
## passed as written; `{ $code }` is a character's hexadecimal code point.

diag-help-line = help: { $text }
diag-note-line = note: { $text }
diag-either = { $first } or { $last }
diag-too-large = this file is { $size } bytes; policy files may be at most { $max } bytes
diag-label-file-starts = file starts here
diag-help-split-file = split the policy into several files in the same folder
diag-not-utf8 = this file is not UTF-8 text (invalid byte at offset { $offset })
diag-help-save-utf8 = save the file as UTF-8; policy files are plain text
diag-label-not-utf8 = not UTF-8
diag-empty-file = this file declares nothing
diag-label-empty = empty
diag-help-empty-file = start with `policy "Name" version "…"` or `vocabulary "name"`, or delete the file
diag-unexpected = unexpected { $found }
diag-expected = expected { $expected }, found { $found }
diag-unexpected-here = unexpected { $found } here
diag-label-here = here
diag-found-end = the end of the file
diag-found-curly-quote = a curly quote `{ $quote }` (U+{ $code })
diag-found-character = the character U+{ $code }
diag-found-token = `{ $token }`
diag-expected-end = the end of the file
diag-expected-declaration = a declaration
diag-expected-name = a name
diag-expected-string = a quoted string
diag-expected-number = a whole number
diag-expected-date = a date (YYYY-MM-DD)
diag-expected-condition = a condition
diag-expected-period = a period (`30 days`, `6 months`, `5 years`)
diag-expected-comparison = a comparison (`at least`, `at most`, `above`, `below`, `is`)
diag-expected-sender-or-recipient = `sender` or `recipient`
diag-expected-obligation = an obligation
diag-expected-percentage = a percentage (`3%`, `2.5%`)
diag-expected-outside = `outside organisation` or `outside network …`
diag-expected-between-or-from = `between` or `from`
diag-expected-set-match = `any of`, `all of`, `none of` or `other than`
diag-expected-keyword = `{ $word }`
diag-help-curly-quote = policy strings use straight double quotes "…"; did you paste from a word processor?
diag-help-role-without-quotes = a role is written without quotes, in one word: `{ $example }`
diag-help-name-without-quotes = a name is written without quotes, in one word: `{ $example }`
diag-help-join-with-and = did you mean `and { $word } …`? conditions are joined with `and` or `or`
diag-help-name-is-one-word = a name is one word: did you mean `{ $previous }_{ $word }`? (a narrower term is written with a dot: `{ $previous }.{ $word }`)
diag-help-reserved-word = `{ $word }` is a reserved word and cannot be used as a name
diag-help-lower-case = write `{ $word }` in lower case
diag-help-when-not-if = rules use `when`, not `if`
diag-help-did-you-mean = did you mean `{ $name }`?
diag-help-unless-not-except = exceptions are written with `unless`
diag-help-comments = comments start with `#`
diag-help-double-quotes = strings use double quotes: "…"
diag-help-line-has-curly-quote = this line holds a curly quote `{ $quote }` (U+{ $code }): { $advice }
diag-help-close-string = add a closing `"` before the end of the line
diag-unterminated-string = this string is never closed
diag-label-opening-quote = opening quote here
diag-too-deep = brackets (or `not`s) are nested more than { $max } levels deep
diag-label-too-deep = too deep here
diag-help-too-deep = split the condition into several rules, or remove redundant parentheses
diag-internal = could not read { $what } here
diag-label-unexpected-shape = unexpected shape
diag-note-parser-bug = this is a bug in mandate's parser; please report it with this file
diag-part-term-attribute = a term attribute
diag-part-party-attribute = a party attribute
diag-part-agreement-attribute = an agreement attribute
diag-part-declaration = a declaration
diag-part-rule-clause = a rule clause
diag-part-condition = a condition
diag-part-obligation = an obligation
diag-note-unknown-names-hidden = { $count ->
    [one] { $count } error about unknown names not shown: they are likely to follow from this one; fix it and run again
   *[other] { $count } errors about unknown names not shown: they are likely to follow from this one; fix it and run again
}
diag-use-too-deep = `use` chains more than { $max } files deep (a file that uses a file that uses …)
diag-help-use-too-deep = use the files from one file instead of from each other in a chain
diag-link-outside = { $path } is a link to a file outside its folder; it was not read
diag-help-copy-file = copy the file into the pack (or the vocabulary's folder) instead of linking to it
diag-label-leads-outside = this file leads outside its folder
diag-help-use-relative-in-pack = paths in `use` are relative to the file that names them and stay inside its pack; share files between packs as a vocabulary (`use vocabulary "name"`)
diag-use-absolute = `use` cannot name the absolute path "{ $name }"
diag-label-absolute = an absolute path
diag-use-not-policy = "{ $name }" is not a policy file: `use` reads only `.policy` files
diag-label-not-policy = not a `.policy` file
diag-help-name-policy-file = name a policy file, such as `use "shared/parties.policy"`
diag-use-climbs-out = `use "{ $name }"` leads outside the folder of its pack
diag-label-climbs-out = `..` climbs out of the pack's folder
diag-use-not-found = cannot find the file "{ $name }"
diag-label-looked-for = looked for { $path }
diag-help-use-relative = paths in `use` are relative to the file that names them
diag-vocabulary-is-path = the vocabulary "{ $name }" is named by a path
diag-label-path-not-folder = a path, not a folder's name
diag-help-vocabulary-folder = name the vocabulary's folder alone (`use vocabulary "humanitarian"`); put it next to the pack or pass its parent folder with `--lib`
diag-help-did-you-mean-quoted = did you mean "{ $name }"?
diag-help-vocabulary-elsewhere = there is a vocabulary "{ $name }" in { $lib }: pass `--lib { $lib }` (or set MANDATE_PATH={ $lib })
diag-help-vocabulary-where = put the vocabulary's folder inside or next to this pack, or name the folder that holds it with `--lib DIR` or MANDATE_PATH (the bundled vocabularies are in the repository's `policies` folder)
diag-vocabulary-not-found = cannot find the vocabulary "{ $name }"
diag-label-no-such-folder = no folder of that name next to the pack or in the library
diag-vocabulary-link-outside = the vocabulary folder { $path } is a link to a folder outside the library; it was not read
diag-label-vocabulary-leads-outside = this vocabulary leads outside its library folder
diag-help-copy-vocabulary = copy the vocabulary's folder into the library instead of linking to it, or pass its real parent folder with `--lib`
diag-sort-category = data category
diag-sort-subject = data subject
diag-sort-purpose = purpose
diag-sort-kind = party kind
diag-sort-role = approval role
diag-sort-response = response
diag-sort-flag = party flag
diag-sort-dimension = aggregation dimension
diag-duplicate = { $what } `{ $name }` is declared twice
diag-label-declared-again = declared again here
diag-label-first-declared = first declared here
diag-help-duplicate = remove one of the declarations, or give them different names
diag-help-declare-it = declare it with `{ $keyword } { $name }`, or check the spelling
diag-unknown-name = unknown { $what } `{ $name }`
diag-label-not-declared = not a declared { $what }
diag-no-policy-header = this pack has no `policy` header
diag-label-no-policy-line = no `policy "…"` line in any file of the pack
diag-help-add-policy-header = start one file of the pack with `policy "Name" version "…"`
diag-note-named-after-vocabulary = without it the pack is named after the vocabulary "{ $vocabulary }" it uses
diag-decl-party = a party
diag-decl-agreement = an agreement
diag-decl-classification = a classification
diag-decl-rule = a rule
diag-decl-use-file = a `use` of a policy file
diag-decl-check-cite = the citation of a built-in check
diag-decl-consent-extends = how far consent extends
diag-decl-declared = a role, response, flag or dimension
diag-not-in-vocabulary = a vocabulary file cannot declare { $what }
diag-label-not-vocabulary-term = not a vocabulary term
diag-label-shared-vocabulary = this file is a shared vocabulary
diag-help-move-to-policy = move it into a policy file that says `use vocabulary "…"`
diag-no-name = this policy has rules but no name
diag-help-name-policy = start one of its files with `policy "Name" version "…"`
diag-named-twice = a policy pack is named twice
diag-label-second-header = second `policy` header
diag-label-first-named = first named here
diag-help-one-header = keep the `policy "…"` header in one file of the pack only
diag-sort-hashtag = HXL hashtag
diag-help-use-replacement = use `{ $name }` instead, which replaces it
diag-help-use-current-term = its vocabulary marks it `deprecated`: use a current term
diag-deprecated-term = { $what } `{ $name }` is deprecated
diag-label-deprecated = deprecated in its vocabulary
diag-wrong-sort = `{ $name }` is a { $is }, but a { $expected } is expected here
diag-label-expected-sort = expected a { $what }
diag-label-declared-as = declared as a { $what } here
diag-too-many-terms = { $count } terms are declared in the { $what } vocabulary; a vocabulary may have at most { $max }
diag-help-split-vocabulary = split the vocabulary, or declare only the terms the policy uses
diag-label-one-too-many = one too many
diag-help-parent-did-you-mean = did you mean `{ $close }`? otherwise declare `{ $keyword } { $parent }` first
diag-help-declare-parent = declare `{ $keyword } { $parent }` first
diag-missing-parent = the parent `{ $parent }` of { $what } `{ $name }` is not declared
diag-label-parent-not-declared = this parent is not declared
diag-cycle = the { $what } hierarchy loops: { $cycle }
diag-is-under = is under
diag-help-cycle = a term cannot be (directly or indirectly) under itself; remove one `under` link of the loop
diag-label-in-loop = this term is part of the loop
diag-term-too-deep = the { $what } `{ $name }` is more than { $max } levels below the root of its hierarchy
diag-help-term-too-deep = a hierarchy may be at most { $max } levels deep: attach this term (with `under`) to a term nearer the root
diag-attribute-twice = `{ $key }` is given twice for `{ $name }`
diag-label-given-again = given again here
diag-label-first-given = first given here
diag-help-keep-one = keep one `{ $key }`
diag-only-categories = only data categories can have `{ $key }`; `{ $name }` is a { $what }
diag-label-not-allowed = not allowed here
diag-help-remove-or-category = remove `{ $key }`, or declare a `category` instead
diag-help-levels = use one of `low`, `moderate`, `high`, `severe` (IASC levels)
diag-unknown-level = unknown sensitivity level `{ $level }`
diag-label-not-level = not a sensitivity level
diag-bad-hashtag = `{ $tag }` is not an HXL hashtag
diag-label-bad-hashtag = malformed hashtag
diag-help-hashtag = HXL hashtags look like "#geo+lat": `#`, a lower-case tag, then `+attribute`s
diag-sort-party = party
diag-sort-agreement = agreement
diag-sort-classification = classification for response
diag-sort-classification-entry = classification entry for
diag-sort-combination = classification entry for the combination
diag-and = and
diag-kind-not-party = `{ $name }` is a party kind, but a named party is expected here
diag-label-expected-party = expected a party
diag-help-declare-party = declare the party, e.g. `party my_partner kind { $kind }`, and name it here
diag-attribute-missing = { $what } is missing for `{ $name }`
diag-label-attribute-missing = { $what } missing
diag-help-add = add `{ $example }`
diag-attr-kind = a kind
diag-attr-jurisdiction = a jurisdiction
diag-attr-purposes = the purposes
diag-attr-data = the data it covers
diag-attr-valid = a validity period
diag-help-party-kind = a party names its kind right after its name: `party { $name } kind { $kind } jurisdiction "KE"`
diag-note-party-kinds = the party kinds are declared with `party kind …`, in this pack or in the vocabulary it uses
diag-help-capitals = write it in capitals: "{ $code }"
diag-help-iso-code = use an ISO 3166-1 alpha-2 country code, such as "KE" for Kenya or "CH" for Switzerland
diag-unknown-jurisdiction = unknown jurisdiction "{ $code }"
diag-label-not-iso = not an ISO 3166-1 alpha-2 code
diag-suspension-reversed = the suspension of agreement "{ $agreement }" ends ({ $to }) before it starts ({ $from })
diag-label-suspension-reversed = suspension ends before it starts
diag-help-suspension-reversed = did you mean `suspended from { $to } to { $from }`?
diag-suspension-no-reason = the suspension of agreement "{ $agreement }" does not say why
diag-label-no-because = no `because`
diag-help-because = say why, for whoever is refused a transfer: add `because "…"` after the dates
diag-suspension-no-cite = the suspension of agreement "{ $agreement }" cites no decision
diag-label-no-cite = no `cite`
diag-help-suspension-cite = name the decision it rests on: add `cite "…"` after the reason
diag-help-end-before-suspension = end the agreement before the suspension: `valid { $from } to { $end }`, or start the suspension on { $start }
diag-help-start-after-suspension = start the agreement after the suspension, or end the suspension before { $from }
diag-suspended-while-valid-until = agreement "{ $agreement }" is suspended from { $suspended } to { $until } while it is valid ({ $from } to { $to })
diag-suspended-while-valid = agreement "{ $agreement }" is suspended from { $suspended } while it is valid ({ $from } to { $to })
diag-label-overlaps-validity = overlaps the validity period
diag-note-suspension = a suspension marks a period without the agreement (its end, or a time before it, on purpose); it cannot lie inside the validity
diag-date-no-month = there is no month { $month }
diag-month = { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
}
diag-date-days-in-month = { $month } { $year } has { $days } days
diag-date-out-of-range = it is out of range
diag-date-format = dates are written YYYY-MM-DD
diag-bad-date = `{ $date }` is not a date: { $reason }
diag-label-not-date = not a calendar date
diag-help-date = write dates as YYYY-MM-DD, e.g. 2026-12-31
diag-self-agreement = agreement "{ $agreement }" names `{ $name }` twice
diag-label-named-again = named again
diag-help-other-party = an agreement binds different parties; name the other party
diag-agreement-reversed = agreement "{ $agreement }" ends ({ $to }) before it starts ({ $from })
diag-label-validity-reversed = validity period ends before it starts
diag-help-validity-reversed = did you mean `valid { $to } to { $from }`?
diag-help-onward-words = write `onward transfer allowed` or `onward transfer forbidden`
diag-bad-onward = `onward transfer { $word }` is not a term an agreement can set
diag-label-allowed-or-forbidden = expected `allowed` or `forbidden`
diag-nested-combination = `{ $a }` and `{ $b }` are the same category or one is within the other
diag-label-already-covered = already covered by the other
diag-label-named-here = named here
diag-help-combination = a combination applies when each of its categories appears; name the narrower one alone, or rate it with `… is LEVEL` on a line of its own
diag-sort-kind-or-party = party kind or party
diag-clause-twice = rule "{ $rule }" has two `{ $key }` clauses
diag-label-second-clause = second clause
diag-label-first-clause = first clause
diag-help-join-conditions = join the two conditions with `and` or `or` in one `{ $key }`
diag-help-one-require = list all obligations in one `require`, separated by commas
diag-no-obligations = a `{ $effect }` rule cannot impose obligations
diag-label-obligations-allowed-only = obligations only apply to allowed flows
diag-help-move-obligations = move the obligations to an `allow` rule, or write a separate `require` rule
diag-approval-not-review = only a `review` rule names an approval, not { $effect ->
    [allow] an
   *[other] a
} `{ $effect }` rule
diag-help-approved-by = to allow a flow once approved, write `approved by ROLE` in its condition
diag-no-when = rule "{ $rule }" has no `when` condition
diag-label-no-when = says nothing about when it applies
diag-help-add-when = add `when …`; for a rule that always applies write `when true`
diag-no-approver = review rule "{ $rule }" does not say who approves
diag-label-no-approver = no approver
diag-help-add-approval = add `approval by dpo` (or the role that must approve)
diag-no-obligation = require rule "{ $rule }" imposes no obligation
diag-label-nothing-required = nothing required
diag-help-add-require = add e.g. `require encrypt in_transit`
diag-no-cite = rule "{ $rule }" cites no source
diag-help-add-cite = add `cite "…"` naming the instrument and section this rule encodes
diag-help-bases = the legal bases are { $bases }
diag-unknown-basis = unknown legal basis `{ $basis }`
diag-label-not-basis = not a legal basis
diag-help-records-words = write `records collected`, `records closed` or `records updated`
diag-bad-records = `records { $word }` is not a date of records
diag-label-records-words = expected `collected`, `closed` or `updated`
diag-help-units = write a number of `days`, `months` or `years`
diag-bad-unit = `{ $word }` is not a unit of time
diag-label-units = expected `days`, `months` or `years`
diag-what-days = the number of days
diag-what-months = the number of months
diag-what-years = the number of years
diag-what-cell-size = the smallest cell size `k`
diag-what-retention = the retention period in days
diag-what-class-size = the smallest class size `k`
diag-what-suppressed = the share of values that may be suppressed
diag-what-risk = the re-identification risk bound
diag-number-out-of-range = { $what } must be between { $min } and { $max }, not { $value }
diag-label-out-of-range = out of range
diag-help-number-range = use a number from { $min } to { $max }
diag-help-percent-range = use a percentage from { $min } to { $max }, with at most two decimals (`2.5%`)
diag-help-encrypt-words = write `encrypt at_rest` or `encrypt in_transit`
diag-bad-encrypt = `encrypt { $word }` is not an encryption obligation
diag-label-encrypt-words = expected `at_rest` or `in_transit`
diag-help-keys-held = write `encryption keys held by sender`: the recipient holding the keys is what encryption without this obligation means
diag-bad-key-custody = `encryption keys held by { $word }` is not a key custody obligation
diag-label-expected-sender = expected `sender`
diag-empty-cite = this citation is empty
diag-label-empty-cite = empty citation
diag-help-consent-cite = quote the instrument and its section that let consent extend
diag-consent-extends-no-cite = extending consent to compatible purposes needs a citation
diag-help-consent-extends-cite = add `cite "…"` naming the instrument that lets consent cover compatible purposes, e.g. `consent extends to compatible purposes cite "DPP §6.3"`
diag-consent-extends-twice = the pack says twice that consent extends to compatible purposes
diag-label-said-again = said again here
diag-label-first-said = first said here
diag-help-keep-one-shared = keep one (the files of a pack share it)
diag-consent-extends-nothing = consent extends to compatible purposes, but the pack declares no compatible purposes: this changes nothing
diag-label-extends-nothing = extends consent to no purpose
diag-help-declare-compatible = declare `compatible FURTHER with ORIGINAL` for the purposes consent should also cover, or remove this line
diag-empty-response = a response's name cannot be empty
diag-label-empty-name = empty name
diag-help-response-name = write the response as flows give it in `context.response`
diag-no-description = the { $what } `{ $name }` has no description
diag-label-no-description = no description
diag-help-description = say what it means, e.g. `{ $keyword } { $name } "…"`
diag-help-declare-or-use = declare it with `{ $keyword } { $name } "…"` (what it means), or use one of: { $names }
diag-help-checks = the built-in checks are { $checks }
diag-unknown-check = unknown built-in check `{ $check }`
diag-label-not-check = not a built-in check
diag-help-check-cite = quote the instrument and its section, or remove the declaration
diag-check-cited-twice = the built-in check `{ $check }` is cited twice
diag-label-cited-again = cited again here
diag-label-first-cited = first cited here
diag-help-one-citation = keep one citation per check (the files of a pack share them)
diag-bidi = the invisible character U+{ $code } { $name } changes the order in which this line is shown
diag-label-bidi = U+{ $code } { $name }
diag-help-bidi = delete it: a reviewer may read the line differently from how mandate reads it
diag-note-bidi = bidirectional control characters can hide text or make a string or comment look like policy ("Trojan Source")
diag-note-more-not-shown = { $count } more in this file not shown
diag-name-policy = the policy name
diag-name-agreement = the agreement id
diag-name-rule = the rule name
diag-name-classification = the classification name
diag-name-response = the response name
diag-label-script-letter = U+{ $code } is a { $script } letter
diag-label-several-scripts = letters of several scripts
diag-mixed-script = { $what } "{ $name }" mixes letters of several scripts ({ $scripts })
diag-help-one-script = write the name in one script: a letter from another script looks the same but never matches
diag-exception-never-holds = the exception of rule "{ $rule }" can never take effect: no flow meets both its `when` and its `unless`
diag-label-unless-never-holds = this rule's `unless` never holds when its `when` does
diag-help-fix-unless = remove the `unless` clause, or correct it so that it names flows the rule covers
diag-why-unless-always = its exception (`unless`) holds whenever its `when` condition does
diag-why-contradiction = its `when` condition contradicts itself given the vocabularies and parties
diag-never-applies = rule "{ $rule }" can never apply: { $why }
diag-label-never-applies = no flow can make this rule apply
diag-help-never-applies = check the condition: a flow has exactly one purpose, one sender and one recipient (a declared party), `within` follows the vocabulary hierarchy, and a party kind no declared party has can never match
diag-shadowed-allow = { $count ->
    [one] allow "{ $rule }" can never take effect: deny rule { $denies } forbids every flow it allows
   *[other] allow "{ $rule }" can never take effect: deny rules { $denies } forbid every flow it allows
}
diag-label-shadowed = every flow this rule allows is forbidden
diag-help-shadowed = narrow the deny rule(s) with an `unless` for the case this allow is meant for, or remove the allow
diag-label-forbids = forbids the flows the allow is meant for
diag-note-example-flow = for example, a flow with { $flow }
diag-duplicate-rule = { $effect } rules "{ $a }" and "{ $b }" apply to exactly the same flows
diag-label-same-flows = applies exactly where the other rule does
diag-label-other-rule = the other rule
diag-help-remove-duplicate = remove one of them, keeping the clearer name and both citations
diag-help-merge-rules = merge them into one rule with both rules' obligations and citations
diag-subsumed-rule = { $effect } rule "{ $rule }" adds nothing: "{ $wider }" already covers every flow it applies to
diag-label-covered = covered by another rule of the same kind
diag-label-covers = covers every flow of the other rule
diag-help-subsumed = remove the narrower rule (move its citation to the wider one), or narrow the wider rule if it says too much
diag-agreement-expired = agreement "{ $agreement }" expired on { $on } ({ $days } days ago)
diag-label-expired = no longer covers any flow
diag-help-renew = renew it and update its `valid … to …` dates, or remove it and the flows that relied on it
diag-agreement-expiring = { $days ->
    [one] agreement "{ $agreement }" ends on { $on } (in { $days } day)
   *[other] agreement "{ $agreement }" ends on { $on } (in { $days } days)
}
diag-label-ends-soon = ends soon
diag-help-start-renewal = start its renewal now; flows it covers are denied from the day after it ends
diag-period-from-to = from { $from } to { $to }
diag-period-from = from { $from }
diag-suspension-bridged = agreement "{ $agreement }" is suspended { $period }, yet agreement "{ $other }" between { $a } and { $b } is valid then ({ $from } to { $to })
diag-label-suspended-here = suspended here
diag-help-bridged = transfers "{ $other }" covers are still allowed during the suspension: end it before { $from } too, or shorten the suspension
diag-unused-term = { $what } `{ $name }` is declared but no rule, agreement, party or classification uses it or a term related to it
diag-label-not-used = not used
diag-help-use-term = use it in a rule or agreement, or remove it
diag-undeclared-names = this pack uses { $sort ->
    [role] approval roles
    [response] responses
    [flag] party flags
   *[dimension] aggregation dimensions
} ({ $names }) but declares none, so a misspelt one is never caught
diag-label-first-use = first use
diag-help-declare-each = declare each once with what it means, e.g. `{ $keyword } { $name } "…"`
diag-unused-declared = { $what } `{ $name }` is declared but no rule, party or classification uses it
diag-help-use-or-remove = use it, or remove the declaration
diag-no-policy-file = the pack has no `.policy` file
diag-help-open-pack = open a pack folder, or add a file whose name ends in `.policy`
diag-label-leaves-pack = this path leaves the pack
diag-help-use-stay-in-pack = paths in `use` are relative to the file that names them and stay inside its pack
diag-help-add-vocabulary-folder = add the vocabulary's folder to the pack (open it with the pack)
diag-label-no-folder-in-pack = no folder of that name in the pack
