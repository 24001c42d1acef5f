//! The password prompt of `repo add --username` without `--password`: read from the terminal
//! with echo off, as Go's `term.ReadPassword`.

use std::io::{IsTerminal, Write};

use anyhow::{bail, Result};

/// Prints `Password: `, reads a line without echo, then ends the prompt's line.
pub fn prompt() -> Result<String> {
    prompt_hidden("Password: ")
}

/// Prints `label`, reads a line without echo, then ends the prompt's line.
pub fn prompt_hidden(label: &str) -> Result<String> {
    print!("{label}");
    let _ = std::io::stdout().flush();
    let read = read_hidden();
    println!();
    read
}

#[cfg(unix)]
#[allow(unsafe_code)] // termios calls on the standard input, nothing else
fn read_hidden() -> Result<String> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        bail!("inappropriate ioctl for device");
    }
    let fd = libc::STDIN_FILENO;
    // SAFETY: a zeroed termios is a valid value for tcgetattr to fill in.
    let mut saved: libc::termios = unsafe { std::mem::zeroed() };
    // SAFETY: fd is the process's standard input, a terminal; `saved` is a valid pointer.
    if unsafe { libc::tcgetattr(fd, &mut saved) } != 0 {
        bail!("inappropriate ioctl for device");
    }
    let mut quiet = saved;
    quiet.c_lflag &= !libc::ECHO;
    // SAFETY: same terminal, a termios derived from the one it returned.
    unsafe { libc::tcsetattr(fd, libc::TCSANOW, &quiet) };
    let mut line = String::new();
    let read = stdin.read_line(&mut line);
    // SAFETY: restores the settings read above.
    unsafe { libc::tcsetattr(fd, libc::TCSANOW, &saved) };
    read?;
    Ok(line.trim_end_matches(['\n', '\r']).to_string())
}

#[cfg(not(unix))]
fn read_hidden() -> Result<String> {
    if !std::io::stdin().is_terminal() {
        bail!("The handle is invalid.");
    }
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\n', '\r']).to_string())
}
