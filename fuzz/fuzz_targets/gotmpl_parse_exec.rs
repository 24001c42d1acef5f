//! cargo fuzz's wrapper of `rudder_fuzz_targets::gotmpl_parse_exec`, where the target is described.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rudder_fuzz_targets::gotmpl_parse_exec::run(data));

/// LeakSanitizer's hook: no leak report at exit (maps that contain themselves are reference
/// cycles; see rudder_fuzz_targets::gotmpl_parse_exec).
#[no_mangle]
pub extern "C" fn __lsan_is_turned_off() -> std::os::raw::c_int {
    1
}
