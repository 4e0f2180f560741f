//! The HTTP API (documented in docs/openapi.json, which a test keeps in step with this file).

use super::state::{State, now};
use crate::eval::{Decision, DenyKind, Flow};
use crate::words::Lang;
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State as Shared};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::json;
use std::sync::Arc;
use std::time::Instant;

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

/// The router with its state and body limit (timeouts, concurrency and panics are handled
/// by layers in [`super::app`]).
pub fn router(state: Arc<State>) -> Router {
    let limit = state.config.max_body_bytes;
    Router::new()
        .route("/v1/decide", post(decide))
        .route("/v1/explain", post(explain))
        .route("/v1/policy", get(policy))
        .route("/health", get(health))
        .route("/metrics", get(metrics))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(limit))
        .with_state(state)
}

/// A JSON error that is also a deny: a client that only reads `decision` still fails closed.
pub fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (
        status,
        axum::Json(json!({ "decision": "deny", "kind": "error", "error": message.into() })),
    )
        .into_response()
}

fn json_response(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// Reads the body as text, or answers why not (413 over the limit, 400 not UTF-8). Boxed:
/// a response is large and this is the rare path.
fn body_text(state: &State, body: Result<Bytes, BytesRejection>) -> Result<String, Box<Response>> {
    let bytes = body.map_err(|rejection| {
        state.metrics.error();
        let status = rejection.status();
        let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
            format!(
                "the request body is larger than {} bytes",
                state.config.max_body_bytes
            )
        } else {
            rejection.body_text()
        };
        Box::new(error(status, message))
    })?;
    String::from_utf8(bytes.to_vec()).map_err(|_| {
        state.metrics.error();
        Box::new(error(StatusCode::BAD_REQUEST, "the body is not UTF-8 text"))
    })
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

/// Decides each flow, logging every decision when a log is kept. A decision that cannot be
/// logged becomes a deny of kind error (fail closed), and `true` is returned with it.
fn decide_all(state: &State, flows: &[String], lang: Lang) -> Vec<(Decision, bool)> {
    let loaded = state.current();
    flows
        .iter()
        .map(|text| {
            let decision = loaded.engine.decide_json_in(text, lang);
            state.metrics.decision(&decision);
            let Some(log) = &state.log else {
                return (decision, false);
            };
            match log.append(loaded.engine.policy(), text, &decision) {
                Ok(_) => (decision, false),
                Err(e) => {
                    eprintln!("mandate serve: a decision could not be logged: {e}");
                    let failed = Decision::fault(
                        &decision.flow,
                        &decision.policy,
                        &format!("the decision could not be logged ({e})"),
                    );
                    (failed, true)
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
    raw: Result<Bytes, BytesRejection>,
) -> Response {
    let started = Instant::now();
    let lang = request_lang(&headers, &uri);
    let text = match body_text(&state, raw) {
        Ok(t) => t,
        Err(r) => return *r,
    };
    let batch = text.trim_start().starts_with('[');
    let flows: Vec<String> = if batch {
        match serde_json::from_str::<Vec<Box<serde_json::value::RawValue>>>(&text) {
            Ok(items) if items.len() > MAX_BATCH => {
                state.metrics.error();
                return error(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!(
                        "a batch holds at most {MAX_BATCH} flows; this one has {}",
                        items.len()
                    ),
                );
            }
            Ok(items) => items.into_iter().map(|r| r.get().to_owned()).collect(),
            Err(e) => {
                state.metrics.error();
                return error(
                    StatusCode::BAD_REQUEST,
                    format!("a batch must be a JSON array of flows: {e}"),
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
            let message = format!(
                "the body is not JSON: {e}; send one flow as a JSON object, or a JSON array of flows"
            );
            let policy = state.current().engine.policy().hash.clone();
            return json_response(
                StatusCode::BAD_REQUEST,
                Decision::fault("", &policy, &message).to_json(),
            );
        }
        vec![text]
    };
    // Logging fsyncs, and a batch may be long: off the async threads.
    let worker = state.clone();
    let judged = tokio::task::spawn_blocking(move || {
        let decisions = decide_all(&worker, &flows, lang);
        (flows, decisions)
    })
    .await;
    let Ok((flows, decisions)) = judged else {
        state.metrics.error();
        return error(StatusCode::INTERNAL_SERVER_ERROR, "the decision failed");
    };
    state.metrics.latency(started.elapsed().as_secs_f64());
    if batch {
        let failed = decisions.iter().any(|(_, f)| *f);
        let body: Vec<&Decision> = decisions.iter().map(|(d, _)| d).collect();
        let status = if failed {
            state.metrics.error();
            StatusCode::INTERNAL_SERVER_ERROR
        } else {
            StatusCode::OK
        };
        let body = serde_json::to_string(&body).unwrap_or_default();
        return in_language(json_response(status, body), lang);
    }
    let (decision, failed) = &decisions[0];
    let status = if *failed {
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
    raw: Result<Bytes, BytesRejection>,
) -> Response {
    let started = Instant::now();
    let lang = request_lang(&headers, &uri);
    let text = match body_text(&state, raw) {
        Ok(t) => t,
        Err(r) => return *r,
    };
    let loaded = state.current();
    // A remedy search evaluates up to thousands of flows: off the async threads.
    let explained = tokio::task::spawn_blocking(move || {
        let e = crate::explain::explain_json_in(loaded.engine.policy(), &text, lang);
        let status = status_of(&text, &e.decision);
        (e, status)
    })
    .await;
    let Ok((explanation, status)) = explained else {
        state.metrics.error();
        return error(StatusCode::INTERNAL_SERVER_ERROR, "the explanation failed");
    };
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

async fn not_found(Shared(state): Shared<Arc<State>>, uri: axum::http::Uri) -> Response {
    state.metrics.error();
    error(
        StatusCode::NOT_FOUND,
        format!(
            "no such endpoint: {}; the endpoints are {}",
            uri.path(),
            ROUTES
                .iter()
                .map(|(m, p)| format!("{} {p}", m.to_uppercase()))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    )
}
