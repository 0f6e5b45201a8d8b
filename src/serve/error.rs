//! What a request that fails gets back: an HTTP status and a Chinese
//! message as JSON, `{"error": "…"}`, with details for the page where they
//! help (the findings that refused an export). Never a stack trace.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// A refused or failed request.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// The HTTP status.
    pub status: u16,
    /// What went wrong, in Chinese, for the page to show as it is.
    pub message: String,
    /// Further fields of the JSON body, for the page.
    pub details: Option<serde_json::Value>,
}

impl ApiError {
    fn with(status: u16, message: String) -> ApiError {
        ApiError {
            status,
            message,
            details: None,
        }
    }

    /// 400: the request itself is malformed.
    pub fn bad_request(message: String) -> ApiError {
        ApiError::with(400, message)
    }

    /// 403: refused (a path out of the folder, a foreign site).
    pub fn forbidden(message: String) -> ApiError {
        ApiError::with(403, message)
    }

    /// 404: no such file.
    pub fn not_found(message: String) -> ApiError {
        ApiError::with(404, message)
    }

    /// 409: the file changed on disk, or already exists.
    pub fn conflict(message: String) -> ApiError {
        ApiError::with(409, message)
    }

    /// 413: the request body is too large.
    pub fn too_large(message: String) -> ApiError {
        ApiError::with(413, message)
    }

    /// 422: the report cannot be used as it is (bad input, error findings).
    pub fn unprocessable(message: String) -> ApiError {
        ApiError::with(422, message)
    }

    /// 500: our own failure (a write to disk failed, a render crashed).
    pub fn internal(message: String) -> ApiError {
        ApiError::with(500, message)
    }

    /// Adds fields to the JSON body.
    pub fn details(self, details: impl Serialize) -> ApiError {
        ApiError {
            details: serde_json::to_value(details).ok(),
            ..self
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = serde_json::Map::new();
        if let Some(serde_json::Value::Object(details)) = self.details {
            body.extend(details);
        }
        body.insert("error".into(), serde_json::Value::String(self.message));
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, axum::Json(serde_json::Value::Object(body))).into_response()
    }
}

impl From<tokio::task::JoinError> for ApiError {
    fn from(e: tokio::task::JoinError) -> ApiError {
        // A panic in a render is our bug; the page gets a plain sentence and
        // the server keeps running (the panic message went to stderr).
        let what = if e.is_panic() {
            "内部错误：处理这个请求时程序出错，请把终端中的错误信息报告给开发者"
        } else {
            "内部错误：请求被取消"
        };
        ApiError::internal(what.to_string())
    }
}
