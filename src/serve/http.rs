//! Routes and handlers: each reads its request, runs the [`App`] call on
//! the blocking pool and answers JSON; a refusal is a Chinese message with
//! its status ([`ApiError`]).

use std::sync::Arc;

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, FromRequest, Path as UrlPath, Query, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::app::App;
use super::assets;
use super::error::ApiError;
use super::guard;
use super::paths::has_extension;

type Shared = State<Arc<App>>;

/// The routes; [`super::Bound::run`] puts the guard in front of them.
pub fn router(app: Arc<App>, limit: usize) -> Router {
    let fonts = Arc::new(assets::Fonts::of(&app.fonts));
    Router::new()
        .route("/", get(assets::index))
        .route("/edit", get(assets::index))
        .route("/assets/app.css", get(assets::css))
        .route("/assets/app.js", get(assets::js))
        .route(
            "/assets/fonts.css",
            get({
                let fonts = Arc::clone(&fonts);
                move || async move { fonts.css() }
            }),
        )
        .route(
            "/fonts/{name}",
            get({
                let fonts = Arc::clone(&fonts);
                move |UrlPath(name): UrlPath<String>| async move { fonts.file(&name) }
            }),
        )
        .route("/api/reports", get(list))
        .route("/api/report", get(open))
        .route("/api/check", post(check))
        .route("/api/preview", post(preview))
        .route("/api/save", post(save))
        .route("/api/export", post(export))
        .route("/api/new", post(create))
        .route("/api/import", post(import))
        .route("/api/download", get(download))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(limit))
        .with_state(app)
}

/// A JSON body, its rejections in Chinese (413 for one over the limit).
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        match Json::<T>::from_request(request, state).await {
            Ok(Json(value)) => Ok(Body(value)),
            Err(rejection) => Err(json_rejection(&rejection)),
        }
    }
}

fn json_rejection(rejection: &JsonRejection) -> ApiError {
    match rejection {
        JsonRejection::JsonDataError(e) => {
            ApiError::bad_request(format!("请求的数据不合格式：{}", e.body_text()))
        }
        JsonRejection::JsonSyntaxError(_) => ApiError::bad_request("请求不是有效的 JSON".into()),
        JsonRejection::MissingJsonContentType(_) => {
            ApiError::bad_request("请求须为 JSON（Content-Type: application/json）".into())
        }
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            guard::too_large(super::BODY_LIMIT)
        }
        _ => ApiError::bad_request("无法读取请求内容".into()),
    }
}

/// `?path=…`: a file of the folder.
#[derive(Debug, Deserialize)]
struct PathQuery {
    path: String,
}

fn path_query(query: Result<Query<PathQuery>, QueryRejection>) -> Result<String, ApiError> {
    query
        .map(|Query(q)| q.path)
        .map_err(|_| ApiError::bad_request("缺少参数 path（报告文件夹内的相对路径）".into()))
}

/// Runs `work` on the blocking pool: checks, layouts and disk access never
/// hold up the requests being answered meanwhile.
async fn blocking<T: Send + 'static>(
    app: Arc<App>,
    work: impl FnOnce(&App) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(move || work(&app)).await?
}

fn reply<T: Serialize>(result: Result<T, ApiError>) -> Response {
    match result {
        Ok(value) => Json(value).into_response(),
        Err(e) => e.into_response(),
    }
}

async fn list(State(app): Shared) -> Response {
    reply(blocking(app, |app| Ok(app.list())).await)
}

async fn open(State(app): Shared, query: Result<Query<PathQuery>, QueryRejection>) -> Response {
    let path = match path_query(query) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    reply(blocking(app, move |app| app.open(&path)).await)
}

async fn check(State(app): Shared, Body(request): Body<super::EditRequest>) -> Response {
    reply(blocking(app, move |app| app.check(&request)).await)
}

async fn preview(State(app): Shared, Body(request): Body<super::EditRequest>) -> Response {
    reply(blocking(app, move |app| app.preview(&request)).await)
}

async fn save(State(app): Shared, Body(request): Body<super::SaveRequest>) -> Response {
    reply(blocking(app, move |app| app.save(&request)).await)
}

async fn export(State(app): Shared, Body(request): Body<super::ExportRequest>) -> Response {
    reply(blocking(app, move |app| app.export(&request)).await)
}

async fn create(State(app): Shared, Body(request): Body<super::NewRequest>) -> Response {
    reply(blocking(app, move |app| app.create(&request)).await)
}

async fn import(State(app): Shared, Body(request): Body<super::ImportRequest>) -> Response {
    reply(blocking(app, move |app| app.import(&request)).await)
}

/// An exported PDF or DOCX, as a download under its own name.
async fn download(State(app): Shared, query: Result<Query<PathQuery>, QueryRejection>) -> Response {
    let path = match path_query(query) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let result = blocking(app, move |app| {
        let file = app.root.existing(&path)?;
        let kind = if has_extension(&file.real, &["pdf"]) {
            "application/pdf"
        } else if has_extension(&file.real, &["docx"]) {
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        } else {
            return Err(ApiError::forbidden(
                "只能下载导出的 PDF 和 DOCX 文件".into(),
            ));
        };
        let bytes = std::fs::read(&file.real)
            .map_err(|e| ApiError::internal(format!("无法读取 {path}：{e}")))?;
        let name = path.rsplit('/').next().unwrap_or("report").to_string();
        Ok((kind, name, bytes))
    })
    .await;
    match result {
        Ok((kind, name, bytes)) => (
            [
                (header::CONTENT_TYPE, kind.to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename*=UTF-8''{}", percent_encode(&name)),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => e.into_response(),
    }
}

/// RFC 5987: every byte but the unreserved ones as %XX.
fn percent_encode(name: &str) -> String {
    name.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn not_found() -> Response {
    ApiError::not_found("找不到这个页面或接口".into()).into_response()
}
