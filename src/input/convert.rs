//! Old binary documents (`.doc`, `.wps`) converted to DOCX by LibreOffice,
//! when the user asks for it (`--convert`) and LibreOffice is installed.
//! gongwen reads no binary Word format itself; LibreOffice has read them
//! for decades.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::error::{InputError, InputErrorKind};

/// Longest a conversion may take; LibreOffice converts a report in a few
/// seconds, and a damaged file must not hang a batch.
const CONVERSION_DEADLINE: Duration = Duration::from_secs(180);

/// The LibreOffice command on `PATH`, if any.
pub fn libreoffice() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["soffice", "libreoffice"].map(|name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// Converts `file` to DOCX with LibreOffice and returns the DOCX's bytes.
/// LibreOffice runs headless with a profile of its own, so a LibreOffice
/// the user has open is neither used nor disturbed.
pub fn to_docx(file: &Path) -> Result<Vec<u8>, InputError> {
    let fail = |kind| InputError::new(file, kind);
    let failed = |why: String| fail(InputErrorKind::ConversionFailed(why));
    let soffice = libreoffice().ok_or_else(|| fail(InputErrorKind::ConverterMissing))?;
    let work = tempfile::tempdir().map_err(|e| failed(e.to_string()))?;
    // A plain name keeps odd characters out of LibreOffice's command line;
    // the extension tells it which filter to try first.
    let extension = file
        .extension()
        .and_then(|e| e.to_str())
        .filter(|e| e.chars().all(|c| c.is_ascii_alphanumeric()))
        .unwrap_or("doc");
    let input = work.path().join(format!("source.{extension}"));
    std::fs::copy(file, &input).map_err(|e| failed(e.to_string()))?;
    let out_dir = work.path().join("out");
    let profile = work.path().join("profile");
    let mut child = Command::new(&soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "docx",
            "--outdir",
        ])
        .arg(&out_dir)
        .arg(&input)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| failed(format!("无法启动 {}：{e}", soffice.display())))?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > CONVERSION_DEADLINE => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(failed(format!(
                    "超过 {} 秒仍未完成，已停止",
                    CONVERSION_DEADLINE.as_secs()
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(failed(e.to_string())),
        }
    };
    let output = out_dir.join("source.docx");
    match std::fs::read(&output) {
        Ok(bytes) if bytes.starts_with(b"PK") => Ok(bytes),
        _ => Err(failed(format!(
            "{} 没有生成 .docx（退出状态 {status}）；文件可能已损坏，请在 Word 或 WPS 中打开后另存为 .docx",
            soffice.display()
        ))),
    }
}
