//! `cargo xtask <task>`: developer tasks. Run `cargo xtask help` for the list.
#![allow(clippy::print_stdout, clippy::print_stderr)] // a program that talks to its user

// Reads a child's peak memory with wait4.
#[allow(unsafe_code)]
mod bench;
mod bench_deps;
mod bench_lint;
mod bench_policy;
mod bench_umbrella;
mod ci;
mod dist;
mod examples;
mod fuzzdiff;
mod goldens;
mod helm;
mod link_order;
mod pypi;
mod readme_generator;
mod sarif_schema;

use anyhow::{bail, Result};

const HELP: &str = "\
cargo xtask <task>

tasks:
  helm [VERSION...]               install the reference helm binaries (default: all) into .cache/helm,
                                  the SARIF 2.1.0 schema the lint output test uses into .cache/sarif,
                                  the PyPI tools the tests compare with (checkov, kubernetes-validate
                                  1.37.0) into .cache/pypi,
                                  and Bitnami's readme-generator 2.7.2 into .cache/readme-generator
  goldens [--check] [PREFIX...]   run the reference tools on every case (or those under the testdata
                                  path prefixes) and write testdata/golden/; --check runs the drift
                                  check (the rudder-testkit drift test) instead
  expected-failures [PREFIX...]   run rudder on the cases and rewrite testdata/expected-failures.txt
  examples                        render the example charts with rudder (release build) into
                                  target/examples/ and compare each outcome with helm's recorded
                                  one (testdata/golden/), showing the errors of failing cases
  dist                            build the shipped binary (static on Linux with glibc) and print
                                  its path
  link-order                      profile the dist binary (valgrind) on the benchmark and fixture
                                  charts and rewrite xtask/link-order.txt, the functions the
                                  linker places together
  bench [--charts DIR]... [--umbrellas-only]
                                  time the dist binary's rudder template against helm template
                                  on the same charts (--umbrellas-only: only their umbrellas),
                                  umbrellas of 10, 50 and 100 subcharts
                                  included (medians of whole-process runs, peak
                                  memory, ratios), then rudder lint of every example and fixture
                                  chart with its values files against helm lint chart by chart,
                                  and rudder lint --policy against helm template + checkov run
                                  by run, and dependency update of an umbrella of 50
                                  dependencies from a loopback repository; --charts adds every
                                  chart folder in DIR that helm renders with its default values,
                                  and umbrellas made of copies of them (those that generate no
                                  keys)
  bench deps                      the dependency benchmark alone (RUDDER_BINARY: another build
                                  than the dist binary)
  fuzzdiff [--post-render] [--seed N] [--count N] [--jobs N] [--write-cases FILE]
                                  the differential fuzzer: random template fragments rendered by
                                  helm and rudder (debug build, or RUDDER_BINARY), each
                                  disagreement reduced and printed; --write-cases writes the
                                  fragments as a .cases file for `cargo xtask goldens`;
                                  --post-render: commented manifests through a post-renderer
                                  that copies, instead of fragments
  ci                              the whole CI sequence: fmt, clippy, every test (the golden drift
                                  check included, the reference tools required)
";

/// What `cargo xtask helm` installs: the reference helms (`versions`, default all), the SARIF
/// schema, the PyPI tools and readme-generator.
fn install_tools(versions: &[String]) -> Result<()> {
    helm::install_all(versions)?;
    sarif_schema::install()?;
    pypi::install_all()?;
    readme_generator::install()
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((task, rest)) = args.split_first() else {
        print!("{HELP}");
        return Ok(());
    };
    match task.as_str() {
        "helm" => install_tools(rest),
        "goldens" => {
            let check = rest.iter().any(|a| a == "--check");
            let prefixes: Vec<String> = rest.iter().filter(|a| *a != "--check").cloned().collect();
            goldens::run(check, &prefixes)
        }
        "expected-failures" => goldens::update_expected_failures(rest),
        "ci" => ci::run(),
        "examples" => examples::run(),
        "bench" => bench::run(rest),
        "dist" => dist::run(),
        "link-order" => link_order::run(),
        "fuzzdiff" => fuzzdiff::run(rest),
        "__measure" => bench::measure_child(rest),
        "__serve" => bench_deps::serve(rest),
        "help" | "--help" | "-h" => {
            print!("{HELP}");
            Ok(())
        }
        other => bail!("unknown task {other:?}\n\n{HELP}"),
    }
}
