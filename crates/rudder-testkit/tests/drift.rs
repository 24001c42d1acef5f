//! The drift check: every reference tool, run again on its cases, must produce exactly its
//! committed goldens (through the cases' filters). Checks of a reference tool that is not
//! installed are skipped with a notice (`cargo xtask helm` installs them), unless
//! `RUDDER_REQUIRE_REFERENCES` is set, as `cargo xtask ci` does.

use rudder_testkit::trials;

fn main() {
    trials::run(
        trials::selected_checks().and_then(|(checks, all)| trials::drift_trials(&checks, all)),
    )
}
