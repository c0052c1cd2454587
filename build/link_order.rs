//! Asks the linker to place the functions a cold start runs next to each other.
//!
//! A start of `selfmassage list` runs a few hundred functions spread over 3.5 MB of code, and
//! the kernel maps code a page at a time as it is first run. Placed together, they take a few
//! pages instead of dozens: about 0.1 ms off every start on a cold page cache
//! (BENCHMARKS.md §1). `build/startup-functions.txt` lists them; `scripts/startup-order.sh`
//! regenerates it.
//!
//! lld (Rust's default linker on x86_64 Linux since 1.90) and mold understand
//! `--symbol-ordering-file`; GNU ld does not. So the option is only passed on after a probe
//! link with the same rustc, target, flags and linker succeeds. Nothing else depends on it: a
//! linker without it, or a stale list, only means a slower start. The probe cannot see flags
//! given to `cargo rustc -- ...`; if those pick GNU ld, set `SELFMASSAGE_NO_LINK_ORDER=1`.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::{env, fs};

pub fn apply(manifest: &Path) {
    let list = manifest.join("build/startup-functions.txt");
    println!("cargo:rerun-if-changed={}", list.display());
    println!("cargo:rerun-if-env-changed=SELFMASSAGE_NO_LINK_ORDER");
    // Release builds only: start-up time matters there, and `cargo check`, `clippy` and
    // test builds skip the probe.
    if env::var_os("SELFMASSAGE_NO_LINK_ORDER").is_some()
        || env::var("PROFILE").as_deref() != Ok("release")
        || env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("linux")
        || !list.is_file()
    {
        return;
    }
    let Some(list) = list.to_str().filter(|path| !path.contains(',')) else {
        // `-Wl,` splits at commas.
        return;
    };
    let link_args = [
        format!("-Wl,--symbol-ordering-file={list}"),
        // Names missing from this build (a newer dependency) are expected, not news.
        "-Wl,--no-warn-symbol-ordering".to_string(),
    ];
    if linker_accepts(&link_args) {
        for arg in &link_args {
            println!("cargo:rustc-link-arg-bin=selfmassage={arg}");
        }
    }
}

/// Links an empty program with `link_args` the way cargo will link the binary.
fn linker_accepts(link_args: &[String]) -> bool {
    let (Some(rustc), Some(out_dir), Ok(target)) = (
        env::var_os("RUSTC"),
        env::var_os("OUT_DIR"),
        env::var("TARGET"),
    ) else {
        return false;
    };
    let probe = Path::new(&out_dir).join("link-order-probe");
    let mut command = Command::new(rustc);
    command
        .args([
            "--crate-type=bin",
            "--crate-name=link_order_probe",
            "--target",
            &target,
        ])
        .arg("-o")
        .arg(&probe);
    // The user's flags and linker, which may pick another linker than the default.
    if let Ok(flags) = env::var("CARGO_ENCODED_RUSTFLAGS") {
        command.args(flags.split('\u{1f}').filter(|flag| !flag.is_empty()));
    }
    if let Some(linker) = env::var_os("RUSTC_LINKER") {
        let mut flag = std::ffi::OsString::from("-Clinker=");
        flag.push(linker);
        command.arg(flag);
    }
    for arg in link_args {
        command.arg(format!("-Clink-arg={arg}"));
    }
    command
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let Ok(mut child) = command.spawn() else {
        return false;
    };
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(b"fn main() {}\n");
    }
    let linked = child.wait().is_ok_and(|status| status.success());
    let _ = fs::remove_file(&probe);
    linked
}
