//! The `mandate` command.

fn main() -> std::process::ExitCode {
    mandate::cli::main()
}
