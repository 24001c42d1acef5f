//! Runs rudder on every golden case (the reference tools' recorded outcomes), each case its own
//! test: `cargo test -p rudder --test golden -- cases/gotmpl/range:map-order` runs one,
//! `RUDDER_CASES=cases/gotmpl,charts` narrows the run to those `.cases` files. A case fails
//! unless it agrees with the recording or is listed in `testdata/expected-failures.txt`.
//! `RUDDER_BINARY` runs them on another build of rudder (CI: the shipped one).

use rudder_testkit::trials;

fn main() {
    let rudder = rudder_testkit::rudder_binary(env!("CARGO_BIN_EXE_rudder"));
    trials::run(
        trials::selected_checks().and_then(|(checks, _)| trials::rudder_trials(rudder, &checks)),
    )
}
