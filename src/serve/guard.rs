//! The checks every request passes before it is routed. The server writes
//! files, so a web page from elsewhere must not reach it:
//! - `Host` must name the address served: a foreign name resolving to
//!   127.0.0.1 (DNS rebinding) is refused;
//! - a request that is not GET or HEAD must come with an `Origin` of that
//!   address: a cross-site form or fetch is refused;
//! - a body larger than the limit is refused before it is read.
//!
//! Every response also gets headers that keep it from being framed,
//! sniffed or used to load anything from elsewhere.

use std::net::IpAddr;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::ApiError;

/// The address the server listens on, and the largest body it takes.
#[derive(Debug, Clone)]
pub struct Guard {
    pub ip: IpAddr,
    pub port: u16,
    pub body_limit: usize,
}

const CONTENT_SECURITY_POLICY: &str =
    "default-src 'self'; img-src 'self' data:; style-src 'self'; \
     font-src 'self'; script-src 'self'; connect-src 'self'; frame-src 'self'; \
     frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

impl Guard {
    /// Whether `authority` (`127.0.0.1:8321`, `localhost:8321`,
    /// `[::1]:8321`) names this server.
    pub fn allows(&self, authority: &str) -> bool {
        let Ok(parsed) = authority.parse::<axum::http::uri::Authority>() else {
            return false;
        };
        if parsed.as_str() != authority {
            return false;
        }
        let port_ok = match parsed.port_u16() {
            Some(p) => p == self.port,
            None => self.port == 80,
        };
        if !port_ok || authority.contains('@') {
            return false;
        }
        let host = parsed.host();
        let host = host
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .unwrap_or(host);
        if host.eq_ignore_ascii_case("localhost") {
            return self.ip.is_loopback() || self.ip.is_unspecified();
        }
        match host.parse::<IpAddr>() {
            // Listening on every address, any address literal reaches us;
            // only names can be rebound.
            Ok(ip) => ip == self.ip || self.ip.is_unspecified(),
            Err(_) => false,
        }
    }

    fn origin_allowed(&self, origin: &str) -> bool {
        origin
            .strip_prefix("http://")
            .is_some_and(|authority| self.allows(authority))
    }
}

/// The middleware: refuses with 403 (or 413) before routing, and adds the
/// security headers to what passes.
pub async fn guard(
    State(guard): State<std::sync::Arc<Guard>>,
    request: Request,
    next: Next,
) -> Response {
    if let Err(refusal) = admit(&guard, &request) {
        return secure(refusal.into_response());
    }
    secure(next.run(request).await)
}

fn admit(guard: &Guard, request: &Request<Body>) -> Result<(), ApiError> {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| request.uri().authority().map(|a| a.as_str()));
    if !host.is_some_and(|h| guard.allows(h)) {
        return Err(ApiError::forbidden(format!(
            "拒绝访问：请求的主机名“{}”不是本服务的地址（为防 DNS 重绑定攻击，只接受 http://{}:{}/ 等本机地址）",
            host.unwrap_or(""),
            display_ip(guard.ip),
            guard.port
        )));
    }
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let origin = request
            .headers()
            .get(header::ORIGIN)
            .and_then(|h| h.to_str().ok());
        if !origin.is_some_and(|o| guard.origin_allowed(o)) {
            return Err(ApiError::forbidden(format!(
                "拒绝访问：修改文件的请求必须来自本服务的页面（来源“{}”不是本服务）",
                origin.unwrap_or("未注明")
            )));
        }
    }
    let length = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.parse::<u64>().ok());
    if length.is_some_and(|n| n > guard.body_limit as u64) {
        return Err(too_large(guard.body_limit));
    }
    Ok(())
}

/// The refusal of a body over `limit` bytes.
pub fn too_large(limit: usize) -> ApiError {
    ApiError::too_large(format!(
        "请求内容超过上限 {} MiB，已拒绝",
        limit / (1024 * 1024)
    ))
}

fn display_ip(ip: IpAddr) -> String {
    match ip {
        IpAddr::V6(v6) => format!("[{v6}]"),
        IpAddr::V4(v4) => v4.to_string(),
    }
}

fn secure(mut response: Response) -> Response {
    let headers = response.headers_mut();
    let set = |headers: &mut axum::http::HeaderMap, name, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    set(headers, header::REFERRER_POLICY, "no-referrer");
    set(
        headers,
        header::CONTENT_SECURITY_POLICY,
        CONTENT_SECURITY_POLICY,
    );
    set(
        headers,
        header::HeaderName::from_static("cross-origin-resource-policy"),
        "same-origin",
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard(ip: &str) -> Guard {
        Guard {
            ip: ip.parse().unwrap(),
            port: 8321,
            body_limit: 1024,
        }
    }

    #[test]
    fn only_this_servers_address_is_a_host() {
        let g = guard("127.0.0.1");
        for ok in ["127.0.0.1:8321", "localhost:8321", "LOCALHOST:8321"] {
            assert!(g.allows(ok), "{ok}");
        }
        for bad in [
            "evil.example:8321",
            "127.0.0.1:8322",
            "127.0.0.1",
            "127.0.0.2:8321",
            "localhost.evil.example:8321",
            "user@127.0.0.1:8321",
            "",
        ] {
            assert!(!g.allows(bad), "{bad}");
        }
        assert!(guard("::1").allows("[::1]:8321"));
        let all = guard("0.0.0.0");
        assert!(all.allows("192.168.1.7:8321"));
        assert!(!all.allows("rebind.example:8321"));
        assert!(g.origin_allowed("http://127.0.0.1:8321"));
        assert!(!g.origin_allowed("https://127.0.0.1:8321"));
        assert!(!g.origin_allowed("http://evil.example"));
        assert!(!g.origin_allowed("null"));
    }
}
