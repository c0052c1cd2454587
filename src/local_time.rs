//! The local time zone, the one every date shown or compared uses.
//!
//! `jiff::tz::TimeZone::system()` finds the zone named by the `/etc/localtime` link in its
//! time zone database, and opening that database lists every zone on the system first
//! (over a thousand files): the largest single cost of `remind fire` (`BENCHMARKS.md`). When `TZ` is not set and `/etc/localtime` links into a
//! zoneinfo folder, the file it links to is read directly instead: the same zone, with the
//! same name. Anything else goes through jiff.

use std::path::Path;
use std::sync::OnceLock;

use jiff::tz::TimeZone;

/// Where the system's zone is set on Linux and macOS.
const LOCALTIME: &str = "/etc/localtime";

/// The local time zone, found once per process.
pub fn zone() -> TimeZone {
    static ZONE: OnceLock<TimeZone> = OnceLock::new();
    ZONE.get_or_init(|| {
        if std::env::var_os("TZ").is_none()
            && let Some(zone) = linked_zone(Path::new(LOCALTIME))
        {
            return zone;
        }
        TimeZone::system()
    })
    .clone()
}

/// The zone `link` points to, named as its path below `zoneinfo/` ("Europe/Paris"), when
/// it is a link into a zoneinfo folder whose target is a valid zone file.
fn linked_zone(link: &Path) -> Option<TimeZone> {
    let target = std::fs::read_link(link).ok()?;
    let text = target.to_str()?;
    const FOLDER: &str = "zoneinfo/";
    let name = &text[text.rfind(FOLDER)? + FOLDER.len()..];
    // A relative link is relative to the link's folder; `join` keeps an absolute one.
    let file = link.parent().unwrap_or(Path::new("/")).join(&target);
    // Zone files are a few KiB: a link to a device or anything larger is not one.
    let meta = std::fs::metadata(&file).ok()?;
    if !meta.is_file() || meta.len() > 1024 * 1024 {
        return None;
    }
    let data = std::fs::read(&file).ok()?;
    TimeZone::tzif(name, &data).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_into_zoneinfo_is_read_as_the_zone_it_names() {
        let Ok(paris) = TimeZone::get("Europe/Paris") else {
            eprintln!("skipped: this system has no Europe/Paris zone");
            return;
        };
        let Ok(source) = std::fs::canonicalize("/usr/share/zoneinfo/Europe/Paris") else {
            eprintln!("skipped: no /usr/share/zoneinfo/Europe/Paris");
            return;
        };
        let dir = tempfile::tempdir().expect("tempdir");
        let link = dir.path().join("localtime");
        std::os::unix::fs::symlink(&source, &link).expect("links");
        // Canonicalising may take away the `zoneinfo/` folder (a distribution that keeps
        // the zones elsewhere): then there is no name to read, and jiff decides.
        let Some(zone) = linked_zone(&link) else {
            assert!(!source.to_string_lossy().contains("zoneinfo/"));
            return;
        };
        assert_eq!(zone.iana_name(), Some("Europe/Paris"));
        let winter: jiff::Timestamp = "2026-01-15T12:00:00Z".parse().expect("timestamp");
        let summer: jiff::Timestamp = "2026-07-15T12:00:00Z".parse().expect("timestamp");
        for at in [winter, summer] {
            assert_eq!(zone.to_offset(at), paris.to_offset(at));
        }
    }

    #[test]
    fn anything_else_is_left_to_jiff() {
        let dir = tempfile::tempdir().expect("tempdir");
        let plain = dir.path().join("localtime");
        std::fs::write(&plain, b"not a link").expect("writes");
        assert!(linked_zone(&plain).is_none());
        let elsewhere = dir.path().join("elsewhere");
        std::os::unix::fs::symlink(&plain, &elsewhere).expect("links");
        assert!(linked_zone(&elsewhere).is_none(), "no zoneinfo/ folder");
        let zoneinfo = dir.path().join("zoneinfo");
        std::fs::create_dir(&zoneinfo).expect("creates");
        std::fs::write(zoneinfo.join("Nowhere"), b"not a zone file").expect("writes");
        let bad = dir.path().join("bad");
        std::os::unix::fs::symlink(zoneinfo.join("Nowhere"), &bad).expect("links");
        assert!(linked_zone(&bad).is_none(), "not a zone file");
    }
}
