//! `gongwen serve`: a local web page where a clerk fills in, checks,
//! previews and exports the report, in the browser they already have.
//!
//! The server (axum on tokio) serves one folder. Its page, styles, script
//! and fonts are compiled into the binary (`web/`, the bundled fonts), so
//! it works offline and needs no build step. The checks, the layout and the
//! writers are the library's, called in-process on tokio's blocking pool,
//! so a render never holds up another request. What the page sends is the
//! editor's state ([`state::EditState`]); the server writes it into the
//! file's own text (TOML with `toml_edit`, keeping comments and layout;
//! JSON anew) and checks, lays out, saves or exports exactly that text.
//!
//! Files: `app` (open, check, preview, save, export), `listing` (the start
//! page, new reports, last year's report), `state` (the editor's state and
//! its validation), `toml_write`/`json_write` (writing it back), `views`
//! and `marks` (what the page is sent), `svg` (the preview), `paths` (files
//! confined to the folder), `guard` (Host, Origin and size checks before
//! routing), `http` (routes and handlers), `assets` (the page itself).

#![warn(missing_docs)]

mod app;
mod assets;
mod error;
mod guard;
mod http;
mod json_write;
mod listing;
mod marks;
mod paths;
mod previous;
pub mod state;
mod svg;
mod toml_write;
mod views;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use axum::ServiceExt;
use tower::Layer;

pub use app::{
    token_of, App, CheckResult, EditRequest, ExportRequest, Exported, NoteView, Opened, Preview,
    SaveRequest, Saved,
};
pub use error::ApiError;
pub use listing::{Created, ImportRequest, ListEntry, Listing, NewRequest};
pub use marks::Mark;
pub use views::{FindingView, TemplateView};

use crate::fonts::FontSet;

/// The largest request body: a report file at its limit, with room for the
/// JSON around it.
pub const BODY_LIMIT: usize = crate::input::file::MAX_FILE_BYTES as usize + 1024 * 1024;

/// What to serve, and where.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The folder of reports.
    pub dir: PathBuf,
    /// The address to listen on; loopback unless the user widens it.
    pub host: IpAddr,
    /// The port; 0 picks a free one.
    pub port: u16,
    /// The fonts the preview and the exports print with.
    pub fonts: FontSet,
    /// The date an undated report's exports state, as `gongwen export`
    /// gives them ([`crate::export::RenderOptions::source_date`]).
    pub source_date: Option<crate::date::Instant>,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The folder to serve is missing or not a folder.
    #[error("文件夹 {dir} 不存在或不是文件夹：{source}")]
    Folder {
        /// The folder as given.
        dir: PathBuf,
        /// Why it could not be opened.
        source: std::io::Error,
    },
    /// The address could not be listened on.
    #[error("无法在 {address} 上监听：{source}（端口可能已被占用，可用 --port 指定其他端口）")]
    Listen {
        /// The address asked for.
        address: SocketAddr,
        /// The system's reason.
        source: std::io::Error,
    },
    /// The async runtime could not start.
    #[error("无法启动服务：{0}")]
    Runtime(std::io::Error),
}

/// A server listening on its address, not yet answering.
pub struct Bound {
    runtime: tokio::runtime::Runtime,
    listener: std::net::TcpListener,
    app: Arc<App>,
    address: SocketAddr,
}

impl Bound {
    /// The address it listens on (the port chosen when 0 was asked).
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The page's address, `http://127.0.0.1:8321/`.
    pub fn url(&self) -> String {
        let host = match self.address.ip() {
            ip if ip.is_unspecified() => "127.0.0.1".to_string(),
            IpAddr::V6(v6) => format!("[{v6}]"),
            IpAddr::V4(v4) => v4.to_string(),
        };
        format!("http://{host}:{}/", self.address.port())
    }

    /// The folder served, by its real path.
    pub fn folder(&self) -> &std::path::Path {
        self.app.root()
    }

    /// Answers requests until the process ends.
    pub fn run(self) -> Result<(), ServeError> {
        let Bound {
            runtime,
            listener,
            app,
            address,
        } = self;
        let guard = guard::Guard {
            ip: address.ip(),
            port: address.port(),
            body_limit: BODY_LIMIT,
        };
        runtime.block_on(async move {
            let listener =
                tokio::net::TcpListener::from_std(listener).map_err(ServeError::Runtime)?;
            let router = http::router(app, guard.body_limit);
            // The guard wraps the router, so it runs before routing: a
            // refused request never reaches a handler or a 404.
            let service =
                axum::middleware::from_fn_with_state(Arc::new(guard), guard::guard).layer(router);
            axum::serve(listener, service.into_make_service())
                .await
                .map_err(ServeError::Runtime)
        })
    }
}

/// Opens the folder and listens on the address, so the caller can print
/// the address (and open a browser) before [`Bound::run`] answers.
pub fn bind(options: ServeOptions) -> Result<Bound, ServeError> {
    let mut app = App::new(&options.dir, options.fonts).map_err(|source| ServeError::Folder {
        dir: options.dir.clone(),
        source,
    })?;
    app.source_date = options.source_date;
    let wanted = SocketAddr::new(options.host, options.port);
    let listener = std::net::TcpListener::bind(wanted).map_err(|source| ServeError::Listen {
        address: wanted,
        source,
    })?;
    listener
        .set_nonblocking(true)
        .map_err(ServeError::Runtime)?;
    let address = listener.local_addr().map_err(ServeError::Runtime)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_io()
        // Renders run here; a handful at a time is all two cores can do.
        .max_blocking_threads(8)
        .thread_name("gongwen-serve")
        .build()
        .map_err(ServeError::Runtime)?;
    Ok(Bound {
        runtime,
        listener,
        app: Arc::new(app),
        address,
    })
}
