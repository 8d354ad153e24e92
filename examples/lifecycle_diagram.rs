//! Prints the appeal lifecycle as a Mermaid state diagram, generated from the
//! transition table (the README shows this output; a test keeps them equal).
//!
//! `cargo run -p aryz-examples --example lifecycle_diagram`

fn main() {
    print!("{}", aryz::mermaid());
}
