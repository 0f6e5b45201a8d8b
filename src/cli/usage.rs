//! The command line in Chinese: clap's help laid out with Chinese headings
//! and defaults, and its usage errors told in Chinese with its suggestion
//! (`未知参数 --strick，是否想写 --strict？`). The exit status of a usage
//! error stays 2.

use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

const TEMPLATE: &str = "\
{about-with-newline}
用法：{usage}

{all-args}{after-help}";

/// The command with Chinese help: headings, the help and version flags,
/// defaults and possible values written into each option's help.
pub fn localize(command: Command) -> Command {
    let command = command
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本")
                .help_heading("选项"),
        )
        .disable_help_subcommand(true);
    localize_one(command, "")
}

/// `parent` is the command line before this command's name.
fn localize_one(command: Command, parent: &str) -> Command {
    let name = format!("{parent}{} ", command.get_name());
    let mut command = command
        .help_template(TEMPLATE)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .disable_help_flag(true)
        .mut_args(localize_arg)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("显示帮助")
                .help_heading("选项"),
        )
        .mut_subcommands(|sub| localize_one(sub, &name));
    let usage = chinese_usage(&command.render_usage().to_string());
    let usage = match usage.strip_prefix(command.get_name()) {
        Some(rest) => format!("{name}{}", rest.trim_start()),
        None => usage,
    };
    command.override_usage(usage)
}

/// clap's usage line without its English: `[OPTIONS]` is `[选项]`.
fn chinese_usage(usage: &str) -> String {
    usage
        .trim()
        .trim_start_matches("Usage:")
        .trim()
        .replace("[OPTIONS]", "[选项]")
}

/// An option's help with its default and values in Chinese, under the
/// Chinese heading.
fn localize_arg(arg: Arg) -> Arg {
    let heading = if arg.is_positional() {
        "参数"
    } else {
        "选项"
    };
    let mut help = arg.get_help().map(ToString::to_string).unwrap_or_default();
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    let takes_values = arg.get_action().takes_values();
    if takes_values && !values.is_empty() {
        help.push_str(&format!("［可选：{}］", values.join("、")));
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if takes_values && !defaults.is_empty() {
        let separator = arg
            .get_value_delimiter()
            .map_or(" ".to_string(), String::from);
        help.push_str(&format!("［默认：{}］", defaults.join(&separator)));
    }
    arg.help(help)
        .hide_default_value(true)
        .hide_possible_values(true)
        .help_heading(heading)
}

fn context(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join("、")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(StyledStr::to_string)
                .collect::<Vec<_>>()
                .join("、"),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        ContextValue::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// What a usage error says, in Chinese, with clap's suggestion and the
/// usage line; `None` for help and version, which clap prints as they are.
pub fn explain(e: &clap::Error) -> Option<String> {
    let arg = || context(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = || context(e, ContextKind::InvalidValue).unwrap_or_default();
    let mut text = match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => return None,
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            let valid = context(e, ContextKind::ValidSubcommand)
                .unwrap_or_else(|| "check、export、new、schema".into());
            format!("缺少命令，可用的命令：{valid}")
        }
        ErrorKind::UnknownArgument => format!("未知参数 {}", arg()),
        ErrorKind::InvalidSubcommand => {
            let written = context(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("未知命令 {written}")
        }
        ErrorKind::InvalidValue => {
            let valid = context(e, ContextKind::ValidValue)
                .map(|v| format!("，可选：{v}"))
                .unwrap_or_default();
            let value = value();
            if value.is_empty() {
                format!("参数 {} 缺少值{valid}", arg())
            } else {
                format!("参数 {} 的值“{value}”无效{valid}", arg())
            }
        }
        ErrorKind::ValueValidation => format!("参数 {} 的值“{}”无效", arg(), value()),
        ErrorKind::MissingRequiredArgument => format!("缺少必填的参数：{}", arg()),
        ErrorKind::ArgumentConflict => {
            let prior = context(e, ContextKind::PriorArg).unwrap_or_default();
            format!("参数 {} 不能与 {prior} 同时使用", arg())
        }
        ErrorKind::NoEquals => format!("参数 {} 的值须用 = 连写，如 {}=…", arg(), arg()),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("参数 {} 的值的个数不对", arg())
        }
        _ => {
            let raw = e.to_string();
            let first = raw.lines().next().unwrap_or_default();
            format!("参数错误：{}", first.trim_start_matches("error: "))
        }
    };
    // clap may suggest several; the nearest to what was typed is the one.
    let typed = context(e, ContextKind::InvalidSubcommand)
        .or_else(|| context(e, ContextKind::InvalidArg))
        .unwrap_or_default();
    let suggestion = [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .find_map(|kind| match e.get(kind)? {
        ContextValue::String(s) => Some(vec![s.clone()]),
        ContextValue::Strings(v) => Some(v.clone()),
        _ => None,
    })
    .and_then(|candidates| {
        candidates
            .into_iter()
            .min_by_key(|c| strsim::damerau_levenshtein(c, &typed))
    });
    if let Some(s) = suggestion {
        text.push_str(&format!("，是否想写 {s}？"));
    }
    if let Some(trailing) = context(e, ContextKind::TrailingArg) {
        text.push_str(&format!("（若要把 {trailing} 当作文件名，请写在 -- 之后）"));
    }
    let usage = context(e, ContextKind::Usage)
        .map(|u| format!("用法：{}", chinese_usage(&u)))
        .unwrap_or_default();
    let usage = usage.trim();
    let mut out = format!("gongwen：{text}\n");
    if !usage.is_empty() {
        out.push_str(&format!("\n{usage}\n"));
    }
    out.push_str("\n详见 gongwen --help\n");
    Some(out)
}
