//! The HTTP API (documented in docs/openapi.json, which a test keeps in step with this file).

use super::refusal::{Refusal, ms};
use super::state::{State, now};
use crate::eval::{Decision, DenyKind, Flow, InputError};
use crate::reason::Problem;
use crate::words::Lang;
use axum::Router;
use axum::body::Body;
use axum::extract::State as Shared;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::json;
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::OwnedSemaphorePermit;

/// Most flows in one batch request.
pub const MAX_BATCH: usize = 10_000;

/// Every route, as `(method, path)`: the OpenAPI document must list exactly these.
pub const ROUTES: [(&str, &str); 5] = [
    ("post", "/v1/decide"),
    ("post", "/v1/explain"),
    ("get", "/v1/policy"),
    ("get", "/health"),
    ("get", "/metrics"),
];

/// The router with its state (body limits, timeouts and turns are taken by the handlers;
/// panics are handled by a layer in [`super::app`]).
pub fn router(state: Arc<State>) -> Router {
    Router::new()
        .route("/v1/decide", post(decide))
        .route("/v1/explain", post(explain))
        .route("/v1/policy", get(policy))
        .route("/health", get(health))
        .route("/metrics", get(metrics))
        .fallback(not_found)
        .with_state(state)
}

/// A JSON error that is also a deny: a client that only reads `decision` still fails closed.
pub fn error(status: StatusCode, refusal: &Refusal, lang: Lang) -> Response {
    in_language(
        (status, axum::Json(refusal.to_json(lang))).into_response(),
        lang,
    )
}

fn json_response(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// Reads the body as text, or answers why not: 413 at once when `Content-Length` is over
/// the limit (before any of it is read) or as soon as more than the limit has arrived; 408
/// when the body takes longer than `--body-timeout-ms`; 400 when it is not UTF-8 (in the
/// route's own 400 shape, from `unreadable`). Boxed: a response is large and this is the
/// rare path.
async fn body_text(
    state: &State,
    headers: &HeaderMap,
    body: Body,
    lang: Lang,
    unreadable: impl FnOnce(Problem) -> Response,
) -> Result<String, Box<Response>> {
    let limit = state.config.max_body_bytes;
    let too_large = || {
        state.metrics.error();
        Box::new(error(
            StatusCode::PAYLOAD_TOO_LARGE,
            &Refusal::BodyTooLarge { max_bytes: limit },
            lang,
        ))
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u128>().ok());
    if declared.is_some_and(|n| n > limit as u128) {
        return Err(too_large());
    }
    let read = tokio::time::timeout(state.config.body_timeout, axum::body::to_bytes(body, limit));
    let bytes = match read.await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(e)) if is_too_large(&e) => return Err(too_large()),
        Ok(Err(e)) => {
            state.metrics.error();
            return Err(Box::new(error(
                StatusCode::BAD_REQUEST,
                &Refusal::BodyUnreadable {
                    detail: e.to_string(),
                },
                lang,
            )));
        }
        Err(_elapsed) => {
            state.metrics.error();
            return Err(Box::new(error(
                StatusCode::REQUEST_TIMEOUT,
                &Refusal::BodyTimeout {
                    ms: ms(state.config.body_timeout),
                },
                lang,
            )));
        }
    };
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        state.metrics.error();
        Box::new(unreadable(Problem::NotUtf8 {
            offset: e.utf8_error().valid_up_to(),
        }))
    })
}

/// Whether reading a body failed on the size limit.
fn is_too_large(e: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = source {
        if s.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = s.source();
    }
    false
}

/// Waits for a turn to decide or explain, until `deadline`; 503 when none comes.
async fn turn(
    state: &State,
    deadline: Instant,
    lang: Lang,
) -> Result<OwnedSemaphorePermit, Box<Response>> {
    match tokio::time::timeout_at(deadline.into(), state.turns.clone().acquire_owned()).await {
        Ok(Ok(permit)) => Ok(permit),
        _ => {
            state.metrics.error();
            Err(Box::new(error(
                StatusCode::SERVICE_UNAVAILABLE,
                &Refusal::Busy {
                    ms: ms(state.config.timeout),
                },
                lang,
            )))
        }
    }
}

/// A 400 of `/v1/decide`: a deny of kind error, the shape of every decision.
fn unreadable_flow(state: &State, problem: Problem, lang: Lang) -> Response {
    let policy = state.current().engine.policy().hash.clone();
    let decision = Decision::error_in("", &policy, vec![InputError::new("", problem)], lang);
    in_language(
        json_response(StatusCode::BAD_REQUEST, decision.to_json()),
        lang,
    )
}

/// The status for a single decision: 400 when the flow cannot be read, 422 when it names
/// what the policy does not know, 200 otherwise (allow and deny alike).
fn status_of(text: &str, d: &Decision) -> StatusCode {
    match d.kind {
        Some(DenyKind::Error) if Flow::from_json(text).is_err() => StatusCode::BAD_REQUEST,
        Some(DenyKind::Error) => StatusCode::UNPROCESSABLE_ENTITY,
        _ => StatusCode::OK,
    }
}

/// Why a flow got no decision of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Failed {
    /// It was decided and logged.
    No,
    /// It was decided but the decision could not be logged.
    Logging,
    /// Its turn came after the deadline: it was neither decided nor logged.
    OutOfTime,
}

/// Decides each flow, logging every decision when a log is kept. A decision that cannot be
/// logged becomes a deny of kind error (fail closed). Once `deadline` has passed, the flows
/// left are not decided (nor logged): each gets a deny of kind error saying so, so the answer
/// tells exactly what was decided.
fn decide_all(
    state: &State,
    flows: &[String],
    deadline: Instant,
    lang: Lang,
) -> Vec<(Decision, Failed)> {
    let loaded = state.current();
    flows
        .iter()
        .map(|text| {
            if Instant::now() >= deadline {
                let message = format!(
                    "not decided: the request ran out of time ({} ms) before this flow's turn",
                    state.config.timeout.as_millis()
                );
                return (
                    Decision::fault("", &loaded.engine.policy().hash, &message),
                    Failed::OutOfTime,
                );
            }
            let decision = loaded.engine.decide_json_in(text, lang);
            state.metrics.decision(&decision);
            state.shadow_decide(text, &decision);
            let Some(log) = &state.log else {
                return (decision, Failed::No);
            };
            match log.append(loaded.engine.policy(), text, &decision) {
                Ok(_) => (decision, Failed::No),
                Err(e) => {
                    let server = state.config.lang;
                    let error = crate::words::log_error(server, &e);
                    eprintln!("{}", super::said(server, "serve-not-logged", error));
                    // The answer is in the request's language, as its decision would be.
                    let error = crate::words::log_error(lang, &e);
                    let a = crate::words::args!("error" => error);
                    let failed = Decision::fault(
                        &decision.flow,
                        &decision.policy,
                        &crate::words::message(lang, "cli-not-logged-detail", Some(&a)),
                    );
                    (failed, Failed::Logging)
                }
            }
        })
        .collect()
}

/// The language of a response's words: `?lang=` when it names a language with a message
/// file, else the best of `Accept-Language`, else English. A language mandate has no words
/// for is never an error: the answer comes in English, and `Content-Language` says so.
fn request_lang(headers: &HeaderMap, uri: &Uri) -> Lang {
    let asked = uri
        .query()
        .unwrap_or_default()
        .split('&')
        .find_map(|pair| pair.strip_prefix("lang="))
        .and_then(|code| Lang::parse(code).ok());
    asked.unwrap_or_else(|| {
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map_or(Lang::EN, Lang::negotiate)
    })
}

/// Tells the client which language the words of `response` are in.
fn in_language(mut response: Response, lang: Lang) -> Response {
    if let Ok(value) = header::HeaderValue::from_str(lang.code()) {
        response
            .headers_mut()
            .insert(header::CONTENT_LANGUAGE, value);
    }
    response
}

async fn decide(
    Shared(state): Shared<Arc<State>>,
    headers: HeaderMap,
    uri: Uri,
    body: Body,
) -> Response {
    let started = Instant::now();
    let lang = request_lang(&headers, &uri);
    let unreadable = |p| unreadable_flow(&state, p, lang);
    let text = match body_text(&state, &headers, body, lang, unreadable).await {
        Ok(t) => t,
        Err(r) => return *r,
    };
    let deadline = Instant::now() + state.config.timeout;
    let batch = text.trim_start().starts_with('[');
    let flows: Vec<String> = if batch {
        match serde_json::from_str::<Vec<Box<serde_json::value::RawValue>>>(&text) {
            Ok(items) if items.len() > MAX_BATCH => {
                state.metrics.error();
                return error(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    &Refusal::BatchTooLarge {
                        max: MAX_BATCH,
                        count: items.len(),
                    },
                    lang,
                );
            }
            Ok(items) => items.into_iter().map(|r| r.get().to_owned()).collect(),
            Err(e) => {
                state.metrics.error();
                return error(
                    StatusCode::BAD_REQUEST,
                    &Refusal::BatchMalformed {
                        detail: e.to_string(),
                    },
                    lang,
                );
            }
        }
    } else {
        // A body that is not JSON at all is a mistake of the caller's, said as such, not a
        // flow with a strange first field.
        if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(&text)
            && matches!(
                e.classify(),
                serde_json::error::Category::Syntax | serde_json::error::Category::Eof
            )
        {
            // Answered as a decision, the shape every 400 of this route has.
            state.metrics.error();
            let problem = Problem::NotJson {
                line: e.line(),
                column: e.column(),
            };
            return unreadable_flow(&state, problem, lang);
        }
        vec![text]
    };
    let permit = match turn(&state, deadline, lang).await {
        Ok(p) => p,
        Err(r) => return *r,
    };
    // Logging fsyncs, and a batch may be long: off the async threads. The work stops at the
    // deadline by itself (between two flows), so it is awaited: the answer then says exactly
    // which flows were decided and logged, and no work goes on after it.
    let worker = state.clone();
    let judged = tokio::task::spawn_blocking(move || {
        let _turn = permit;
        let decisions = decide_all(&worker, &flows, deadline, lang);
        (flows, decisions)
    })
    .await;
    let Ok((flows, decisions)) = judged else {
        state.metrics.error();
        return error(
            StatusCode::INTERNAL_SERVER_ERROR,
            &Refusal::DecisionFailed,
            lang,
        );
    };
    state.metrics.latency(started.elapsed().as_secs_f64());
    let out_of_time = decisions.iter().any(|(_, f)| *f == Failed::OutOfTime);
    let logging = decisions.iter().any(|(_, f)| *f == Failed::Logging);
    if batch {
        let body: Vec<&Decision> = decisions.iter().map(|(d, _)| d).collect();
        let status = if logging {
            StatusCode::INTERNAL_SERVER_ERROR
        } else if out_of_time {
            StatusCode::SERVICE_UNAVAILABLE
        } else {
            StatusCode::OK
        };
        if status != StatusCode::OK {
            state.metrics.error();
        }
        return in_language(
            json_response(status, serde_json::to_string(&body).unwrap_or_default()),
            lang,
        );
    }
    let (decision, failed) = &decisions[0];
    if *failed == Failed::OutOfTime {
        state.metrics.error();
        return error(
            StatusCode::SERVICE_UNAVAILABLE,
            &Refusal::OutOfTime {
                ms: ms(state.config.timeout),
            },
            lang,
        );
    }
    let status = if *failed == Failed::Logging {
        StatusCode::INTERNAL_SERVER_ERROR
    } else {
        status_of(&flows[0], decision)
    };
    if status != StatusCode::OK {
        state.metrics.error();
    }
    in_language(json_response(status, decision.to_json()), lang)
}

async fn explain(
    Shared(state): Shared<Arc<State>>,
    headers: HeaderMap,
    uri: Uri,
    body: Body,
) -> Response {
    let started = Instant::now();
    let lang = request_lang(&headers, &uri);
    let unreadable = |problem: Problem| {
        let loaded = state.current();
        let mut e = crate::explain::explain_json(loaded.engine.policy(), "");
        let hash = &loaded.engine.policy().hash;
        e.decision = Decision::error_in("", hash, vec![InputError::new("", problem)], lang);
        in_language(
            json_response(
                StatusCode::BAD_REQUEST,
                serde_json::to_string(&e).unwrap_or_default(),
            ),
            lang,
        )
    };
    let text = match body_text(&state, &headers, body, lang, unreadable).await {
        Ok(t) => t,
        Err(r) => return *r,
    };
    let deadline = Instant::now() + state.config.timeout;
    let permit = match turn(&state, deadline, lang).await {
        Ok(p) => p,
        Err(r) => return *r,
    };
    let loaded = state.current();
    // A remedy search evaluates up to thousands of flows: off the async threads. `stop` is
    // set when the answer runs out of time: the search then ends at its next evaluation
    // (guessing its cost beforehand from one decision refused explanations on a loaded
    // machine), and until it ends the work keeps its turn.
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let stopping = stop.clone();
    let explained = tokio::task::spawn_blocking(move || {
        let _turn = permit;
        let e = crate::explain::explain_json_until(loaded.engine.policy(), &text, lang, &stopping);
        let status = status_of(&text, &e.decision);
        (e, status)
    });
    let timeout = || {
        state.metrics.error();
        error(
            StatusCode::SERVICE_UNAVAILABLE,
            &Refusal::ExplanationOutOfTime {
                ms: ms(state.config.timeout),
            },
            lang,
        )
    };
    let explained = match tokio::time::timeout_at(deadline.into(), explained).await {
        Ok(Ok(done)) => done,
        Ok(Err(_)) => {
            state.metrics.error();
            return error(
                StatusCode::INTERNAL_SERVER_ERROR,
                &Refusal::ExplanationFailed,
                lang,
            );
        }
        Err(_elapsed) => {
            stop.store(true, std::sync::atomic::Ordering::Relaxed);
            state.metrics.abandoned();
            return timeout();
        }
    };
    let (explanation, status) = explained;
    state.metrics.decision(&explanation.decision);
    state.metrics.latency(started.elapsed().as_secs_f64());
    if status != StatusCode::OK {
        state.metrics.error();
    }
    let body = serde_json::to_string(&explanation).unwrap_or_default();
    in_language(json_response(status, body), lang)
}

async fn policy(Shared(state): Shared<Arc<State>>) -> Response {
    let loaded = state.current();
    let p = loaded.engine.policy();
    axum::Json(json!({
        "name": p.name,
        "version": p.version,
        "hash": p.hash,
        "rules": p.rules.len(),
        "loaded_at": loaded.loaded_at,
        "source": state.config.policy.display().to_string(),
        "last_reload": state.last_reload(),
        "shadow": state.shadow().map(|shadow| {
            let candidate = shadow.current();
            let p = candidate.engine.policy();
            json!({
                "name": p.name,
                "version": p.version,
                "hash": p.hash,
                "rules": p.rules.len(),
                "loaded_at": candidate.loaded_at,
                "source": shadow.source.display().to_string(),
                "last_reload": shadow.last_reload(),
                "log": shadow.log.as_ref().map(|l| l.dir().display().to_string()),
            })
        }),
    }))
    .into_response()
}

async fn health(Shared(state): Shared<Arc<State>>) -> Response {
    axum::Json(json!({
        "status": "ok",
        "policy": state.current().engine.policy().hash,
        "time": now(),
    }))
    .into_response()
}

async fn metrics(Shared(state): Shared<Arc<State>>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        state.metrics.render(),
    )
        .into_response()
}

async fn not_found(
    Shared(state): Shared<Arc<State>>,
    method: axum::http::Method,
    headers: HeaderMap,
    uri: axum::http::Uri,
) -> Response {
    // The browser workbench: `/` and its files, embedded in the binary (feature `workbench`).
    #[cfg(feature = "workbench")]
    if method == axum::http::Method::GET
        && let Some(asset) = crate::workbench::find(uri.path())
    {
        return (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, asset.media_type),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            asset.bytes,
        )
            .into_response();
    }
    #[cfg(not(feature = "workbench"))]
    let _ = method;
    state.metrics.error();
    let refusal = Refusal::NoEndpoint {
        path: uri.path().to_owned(),
        endpoints: ROUTES
            .iter()
            .map(|(m, p)| format!("{} {p}", m.to_uppercase()))
            .collect(),
    };
    error(
        StatusCode::NOT_FOUND,
        &refusal,
        request_lang(&headers, &uri),
    )
}
